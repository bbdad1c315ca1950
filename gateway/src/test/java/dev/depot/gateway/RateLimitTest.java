package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The in-memory limiter behind the gateway, with windows of seconds so that recovery can be watched,
 * and the gateway behind one trusted proxy.
 */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimits.class)
class RateLimitTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "depot.gateway.rate-limit.window", "PT3S",
                    "depot.gateway.policies.standard.rate-limit", "5",
                    "depot.gateway.policies.upload.rate-limit", "2",
                    "depot.gateway.policies.search.rate-limit", "3",
                    "depot.gateway.policies.public-share.rate-limit", "4",
                    // As behind an ingress: the last X-Forwarded-For entry is the ingress's, and trusted.
                    "depot.gateway.trusted-proxies", "1");
        }
    }

    private static RequestSpecification as(UUID user) {
        return given().header("Authorization", "Bearer " + TestTokens.forUser(user));
    }

    @Test
    void everyAnswerCarriesTheCallersLimit() {
        long before = System.currentTimeMillis() / 1000;
        Response r = as(UUID.randomUUID()).get("/api/cdn/files/echo");
        r.then().statusCode(200).header("X-RateLimit-Limit", "5").header("X-RateLimit-Remaining", "4");
        assertThat(Long.parseLong(r.header("X-RateLimit-Reset"))).isBetween(before + 2, before + 4);
        // The gateway's own errors too.
        as(UUID.randomUUID())
                .get("/api/cdn/nothing-here")
                .then()
                .statusCode(404)
                .header("X-RateLimit-Limit", "5")
                .header("X-RateLimit-Remaining", "4");
    }

    @Test
    void overTheLimitIs429WithRetryAfterAndTheCallerRecoversWhenTheWindowEnds() throws Exception {
        UUID user = UUID.randomUUID();
        for (int i = 4; i >= 0; i--) {
            as(user).get("/api/cdn/files/echo")
                    .then()
                    .statusCode(200)
                    .header("X-RateLimit-Remaining", String.valueOf(i));
        }
        Response refused = as(user).get("/api/cdn/files/echo");
        refused.then()
                .statusCode(429)
                .header("X-RateLimit-Limit", "5")
                .header("X-RateLimit-Remaining", "0")
                .body("success", equalTo(false))
                .body("error", equalTo("TooManyRequests"))
                .body("details.limit", equalTo(5))
                .body("details.window_seconds", equalTo(3));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 3L);
        assertThat(refused.jsonPath().getLong("details.retry_after")).isEqualTo(retryAfter);

        Thread.sleep(retryAfter * 1000 + 200);
        as(user).get("/api/cdn/files/echo").then().statusCode(200).header("X-RateLimit-Remaining", "4");
    }

    @Test
    void eachUserHasTheirOwnLimit() {
        UUID busy = UUID.randomUUID();
        for (int i = 0; i < 6; i++) {
            as(busy).get("/api/cdn/files/echo");
        }
        as(busy).get("/api/cdn/files/echo").then().statusCode(429);
        as(UUID.randomUUID()).get("/api/cdn/files/echo").then().statusCode(200).header("X-RateLimit-Remaining", "4");
    }

    @Test
    void uploadsAndSearchCountAgainstTheirOwnSmallerLimits() {
        UUID user = UUID.randomUUID();
        as(user).post("/api/cdn/files/upload")
                .then()
                .header("X-RateLimit-Limit", "2")
                .header("X-RateLimit-Remaining", "1");
        as(user).post("/api/cdn/files/upload").then().header("X-RateLimit-Remaining", "0");
        as(user).post("/api/cdn/files/upload").then().statusCode(429);
        as(user).get("/api/cdn/search/?q=x")
                .then()
                .header("X-RateLimit-Limit", "3")
                .header("X-RateLimit-Remaining", "2");
        as(user).get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .header("X-RateLimit-Limit", "5")
                .header("X-RateLimit-Remaining", "4");
    }

    @Test
    void tokensThatDoNotVerifyAreCountedAgainstTheClientAddress() throws Exception {
        UUID user = UUID.randomUUID();
        // With the anonymous request first, five fit the limit of 5 in one window.
        RequestSpecification[] callers = {
            given().header("Authorization", "Bearer " + TestTokens.signedByStranger(user)),
            given().header("Authorization", "Bearer " + TestTokens.tampered(UUID.randomUUID(), user)),
            given().header("Authorization", "Bearer " + TestTokens.unsigned(user)),
            given().header("Authorization", "Bearer " + TestTokens.expired(user))
        };
        for (int attempt = 0; attempt < 4; attempt++) {
            Response first = given().get("/api/cdn/files/echo");
            long remaining = Long.parseLong(first.header("X-RateLimit-Remaining"));
            if (remaining < callers.length) {
                Thread.sleep(
                        Long.parseLong(first.header("X-RateLimit-Reset")) * 1000 - System.currentTimeMillis() + 200);
                continue;
            }
            String reset = first.header("X-RateLimit-Reset");
            boolean sameWindow = true;
            for (RequestSpecification caller : callers) {
                Response r = caller.get("/api/cdn/files/echo");
                sameWindow &= reset.equals(r.header("X-RateLimit-Reset"));
                if (sameWindow) {
                    assertThat(Long.parseLong(r.header("X-RateLimit-Remaining")))
                            .isEqualTo(--remaining);
                }
            }
            if (sameWindow) {
                return;
            }
        }
        throw new AssertionError("no window held still long enough to compare");
    }

    @Test
    void aPersonalApiTokenCountsAgainstTheUserItStandsFor() {
        as(FakeServices.API_USER)
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .header("X-RateLimit-Remaining", "4");
        given().header("Authorization", "Bearer dpt_user")
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .header("X-RateLimit-Remaining", "3");
        given().header("Authorization", "Bearer dpt_user")
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .header("X-RateLimit-Remaining", "2");
    }

    @Test
    void publicShareAccessIsCountedPerAddressEvenWhenSignedIn() {
        Response first = as(UUID.randomUUID()).get("/api/cdn/shares/public/some-token");
        first.then().header("X-RateLimit-Limit", "4");
        long remaining = Long.parseLong(first.header("X-RateLimit-Remaining"));
        Response second = as(UUID.randomUUID()).get("/api/cdn/shares/public/other-token");
        if (first.header("X-RateLimit-Reset").equals(second.header("X-RateLimit-Reset"))) {
            assertThat(Long.parseLong(second.header("X-RateLimit-Remaining"))).isEqualTo(Math.max(0, remaining - 1));
        }
        // A link's page (public_url), read by an API client, is a public link access too.
        as(UUID.randomUUID()).get("/s/third-token").then().header("X-RateLimit-Limit", "4");
    }

    @Test
    void behindATrustedProxyEachForwardedClientIsCountedOnItsOwnAndTlsIsSaidWithHsts() {
        // "6.6.6.6" is what the client claimed; the proxy appended the address it saw.
        given().header("X-Forwarded-For", "6.6.6.6, 10.9.8.7")
                .header("X-Forwarded-Proto", "https")
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .header("X-RateLimit-Remaining", "4")
                .header("Strict-Transport-Security", org.hamcrest.Matchers.startsWith("max-age=31536000"))
                .body("headers.x-forwarded-for", equalTo("10.9.8.7"))
                .body("headers.x-forwarded-proto", equalTo("https"));
        given().header("X-Forwarded-For", "10.9.8.7")
                .get("/api/cdn/files/echo")
                .then()
                .header("X-RateLimit-Remaining", "3")
                .header("Strict-Transport-Security", org.hamcrest.Matchers.nullValue());
        given().header("X-Forwarded-For", "10.9.8.6")
                .get("/api/cdn/files/echo")
                .then()
                .header("X-RateLimit-Remaining", "4");
    }

    @Test
    void behindATrustedProxyTheHostAndPrefixItForwardsArePassedOn() {
        given().header("X-Forwarded-For", "10.77.0.1")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "drive.example.test")
                .header("X-Forwarded-Prefix", "/depot")
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .body("headers.x-forwarded-host", equalTo("drive.example.test"))
                .body("headers.x-forwarded-prefix", equalTo("/depot"));
        // Not a host: the request's own Host is passed on instead; not a plain prefix: none.
        given().header("X-Forwarded-For", "10.77.0.2")
                .header("X-Forwarded-Host", "evil.example/x?y=")
                .header("X-Forwarded-Prefix", "/../admin")
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .body("headers.x-forwarded-host", org.hamcrest.Matchers.not(equalTo("evil.example/x?y=")))
                .body("headers", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("x-forwarded-prefix")));
    }
}
