package dev.depot.auth.rest;

import static dev.depot.auth.rest.AuthFixtures.claims;
import static dev.depot.auth.rest.AuthFixtures.login;
import static dev.depot.auth.rest.AuthFixtures.refresh;
import static dev.depot.auth.rest.AuthFixtures.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.depot.auth.rest.AuthFixtures.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access tokens name their login ({@code sid}); ending a login ends its refresh tokens and lists it in
 * Redis, where the gateway refuses its access tokens at once.
 */
@QuarkusTest
class RevocationTest {

    private static Vertx vertx;
    private static Redis redis;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, redisUrl());
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        await(vertx.close());
    }

    @Test
    void accessTokensNameTheirLogin() {
        Account a = register();
        String sid = claims(a.accessToken()).getString("sid");
        assertThat(UUID.fromString(sid)).isNotNull();
        Response refreshed = refresh(a.refreshToken());
        refreshed.then().statusCode(200);
        assertThat(claims(refreshed.path("access_token")).getString("sid"))
                .as("the same login, refreshed")
                .isEqualTo(sid);
        String other = login(a.username(), a.password())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        assertThat(claims(other).getString("sid")).as("another login").isNotEqualTo(sid);
    }

    @Test
    void signingOutWithOnlyTheBearerTokenEndsThatLogin() {
        Account a = register();
        String secondRefresh = login(a.username(), a.password())
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        given().auth()
                .oauth2(a.accessToken())
                .post("/api/auth/logout")
                .then()
                .statusCode(200)
                .body("success", equalTo(true));
        refresh(a.refreshToken()).then().statusCode(401);
        refresh(secondRefresh).then().statusCode(200); // the other login goes on
    }

    @Test
    void signingOutWithOnlyTheAccessCookieEndsThatLogin() {
        Account a = register();
        given().cookie("access_token", a.accessToken())
                .post("/api/auth/logout")
                .then()
                .statusCode(200);
        refresh(a.refreshToken()).then().statusCode(401);
    }

    @Test
    void anInvalidBearerOnSignOutEndsNothing() {
        Account a = register();
        given().auth().oauth2("not-a-token").post("/api/auth/logout").then().statusCode(200);
        refresh(a.refreshToken()).then().statusCode(200);
    }

    @Test
    void endedLoginsAreListedForTheGatewayAsLongAsTheirTokensLive() throws InterruptedException {
        assumeTrue(reachable(redisUrl()), "no Redis at " + redisUrl());
        Account a = register();

        String live = sid(login(a.username(), a.password()).path("access_token"));
        String signedOut = sid(a.accessToken());
        given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", a.refreshToken()))
                .post("/api/auth/logout")
                .then()
                .statusCode(200);
        long ttl = pttl(signedOut);
        assertThat(ttl)
                .as("listed until its access tokens expire anyway")
                .isPositive()
                .isLessThanOrEqualTo(Duration.ofMinutes(16).toMillis())
                .isGreaterThan(Duration.ofMinutes(14).toMillis());
        assertThat(pttl(live)).as("a login that goes on is not listed").isEqualTo(-2);

        Response reused = login(a.username(), a.password());
        String reusedSid = sid(reused.path("access_token"));
        String first = reused.path("refresh_token");
        refresh(first).then().statusCode(200);
        Thread.sleep(2_500); // past the grace period of a client racing itself (PT2S in tests)
        refresh(first).then().statusCode(401);
        assertThat(pttl(reusedSid))
                .as("a refresh token used twice ends its login")
                .isPositive();

        Response current = login(a.username(), a.password());
        String currentSid = sid(current.path("access_token"));
        given().auth()
                .oauth2(current.<String>path("access_token"))
                .contentType(ContentType.JSON)
                .body(Map.of("old_password", a.password(), "new_password", "an even longer passphrase"))
                .post("/api/auth/reset_password")
                .then()
                .statusCode(200);
        assertThat(pttl(live)).as("a password change ends the other logins").isPositive();
        assertThat(pttl(currentSid)).as("but not the one that changed it").isEqualTo(-2);
        refresh(current.path("refresh_token")).then().statusCode(200);

        String bearerSid = sid(login(a.username(), "an even longer passphrase").path("access_token"));
        assertThat(pttl(bearerSid)).isEqualTo(-2);
    }

    @Test
    void signingOutByBearerListsThatLogin() {
        assumeTrue(reachable(redisUrl()), "no Redis at " + redisUrl());
        Account a = register();
        given().auth().oauth2(a.accessToken()).post("/api/auth/logout").then().statusCode(200);
        assertThat(pttl(sid(a.accessToken()))).isPositive();
    }

    private static String sid(String accessToken) {
        return claims(accessToken).getString("sid");
    }

    /** Milliseconds the login stays listed; -2 when it is not listed. */
    private static long pttl(String sid) {
        String prefix = ConfigProvider.getConfig().getValue("depot.auth.revocation.key-prefix", String.class);
        return await(RedisAPI.api(redis).pttl(prefix + sid)).toLong();
    }

    private static String redisUrl() {
        return ConfigProvider.getConfig()
                .getOptionalValue("depot.auth.revocation.redis-url", String.class)
                .orElse("redis://127.0.0.1:6379");
    }

    static boolean reachable(String url) {
        URI uri = URI.create(url);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
