package dev.depot.auth.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.depot.auth.repository.AuthCodeRepository;
import dev.depot.crypto.Hashes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The external login against a mock OIDC provider (quarkus-test-oidc-server): the browser's
 * round trip is driven by hand, one redirect at a time, as a browser would follow them.
 */
@QuarkusTest
@TestProfile(ExternalLoginTest.WithProvider.class)
class ExternalLoginTest {

    public static class WithProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus",
                    "quarkus.oidc.client-id", "quarkus-web-app",
                    "quarkus.oidc.credentials.secret", "secret",
                    "depot.auth.external.web-redirect", "/app/login");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class));
        }
    }

    @Test
    void theProvidersUserGetsAnAccountAndAOneTimeCodeForASession() {
        String code = externalLogin();
        Response session = given().contentType(ContentType.JSON)
                .body(Map.of("auth_code", code))
                .post("/api/auth/retrieve");
        session.then().statusCode(200).body("access_token", notNullValue()).body("user.username", equalTo("alice"));
        given().auth()
                .oauth2(session.<String>path("access_token"))
                .get("/api/auth/me")
                .then()
                .statusCode(200)
                .body("username", equalTo("alice"));

        // The same person signing in again is the same account.
        String again = externalLogin();
        given().contentType(ContentType.JSON)
                .body(Map.of("auth_code", again))
                .post("/api/auth/retrieve")
                .then()
                .statusCode(200)
                .body("user.id", equalTo(session.<String>path("user.id")));
    }

    @Test
    void theConfiguredProviderIsListedForTheSignInButton() {
        given().get("/api/auth/providers")
                .then()
                .statusCode(200)
                .body("external.size()", equalTo(1))
                .body("external[0].id", equalTo("slack"))
                .body("external[0].name", equalTo("Slack"))
                .body("external[0].login_url", equalTo("/api/slack/login"));
    }

    @Inject
    AuthCodeRepository codes;

    @Test
    void aCodeWorksOnceAndMadeUpCodesNever() throws Throwable {
        String code = externalLogin();
        given().contentType(ContentType.JSON)
                .body(Map.of("auth_code", code))
                .post("/api/auth/retrieve")
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("auth_code", code))
                .post("/api/auth/retrieve")
                .then()
                .statusCode(404)
                .body("success", equalTo(false))
                .body("details.auth_code", equalTo("is not known"));
        given().contentType(ContentType.JSON)
                .body(Map.of("auth_code", "made-up"))
                .post("/api/auth/retrieve")
                .then()
                .statusCode(404)
                .body("error", equalTo("ResourceNotFound"));
        // A code left waiting past its time is 403, and stays unredeemable.
        String late = externalLogin();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> codes.update(
                "expiresAt = ?1 where codeHash = ?2", OffsetDateTime.now().minusSeconds(1), Hashes.sha256Hex(late))));
        given().contentType(ContentType.JSON)
                .body(Map.of("auth_code", late))
                .post("/api/auth/retrieve")
                .then()
                .statusCode(403)
                .body("details.auth_code", equalTo("has expired"));
        given().contentType(ContentType.JSON)
                .body(Map.of())
                .post("/api/auth/retrieve")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"));
    }

    @Test
    void theCallbackWithoutTheFlowsStateDoesNotSignAnyoneIn() {
        Response r = given().redirects()
                .follow(false)
                .get("/api/slack/callback?code=58af24f2-9093-4674-a431-4a9d66be719c&state=forged");
        assertThat(r.statusCode()).isNotEqualTo(303);
        assertThat(String.valueOf(r.getHeader("Location"))).doesNotContain("auth_code");
    }

    @Test
    void passwordSessionsStillWorkBesideTheCodeFlow() {
        AuthFixtures.Account a = AuthFixtures.register();
        given().auth().oauth2(a.accessToken()).get("/api/auth/me").then().statusCode(200);
        given().get("/api/auth/me").then().statusCode(401).body("error", equalTo("Unauthorized"));
    }

    /** Start at /api/slack/login, sign in at the provider, come back: answers the auth_code. */
    private static String externalLogin() {
        Response start = given().redirects().follow(false).get("/api/slack/login");
        assertThat(start.statusCode()).isEqualTo(302);
        Map<String, String> cookies = new HashMap<>(start.getCookies());
        URI authorize = URI.create(start.getHeader("Location"));
        Map<String, String> query = query(authorize);
        assertThat(query).containsKeys("state", "redirect_uri");
        assertThat(query.get("redirect_uri")).endsWith("/api/slack/callback");

        // The provider's login form submits to /login, which redirects back with a code.
        Response provider = given().redirects()
                .follow(false)
                .queryParam("redirect_uri", query.get("redirect_uri"))
                .queryParam("state", query.get("state"))
                .get(authorize.resolve("/login"));
        assertThat(provider.statusCode()).isEqualTo(302);

        // The code is exchanged, then quarkus-oidc sends the browser to the callback once more
        // without the code in the URL, carrying the new session cookie; only then does Depot answer.
        Response exchanged = given().redirects()
                .follow(false)
                .cookies(cookies)
                .urlEncodingEnabled(false)
                .get(provider.getHeader("Location"));
        assertThat(exchanged.statusCode()).isEqualTo(302);
        assertThat(exchanged.getHeader("Location")).endsWith("/api/slack/callback");
        cookies.putAll(exchanged.getCookies());
        Response back = given().redirects().follow(false).cookies(cookies).get(exchanged.getHeader("Location"));
        assertThat(back.statusCode()).as(back.asString()).isEqualTo(303);
        URI toWebApp = URI.create(back.getHeader("Location"));
        assertThat(toWebApp.getPath()).isEqualTo("/app/login");
        return query(toWebApp).get("auth_code");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
