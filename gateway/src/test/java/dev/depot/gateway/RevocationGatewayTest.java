package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.depot.testing.TestKeys;
import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway reading the list of ended logins from the real Redis, where auth-service writes it: a
 * token of an ended login is refused at once, on every route, in the envelope; other tokens pass.
 */
@QuarkusTest
@TestProfile(RevocationGatewayTest.WithRedis.class)
class RevocationGatewayTest {

    static final String REDIS_URL = System.getenv().getOrDefault("DEPOT_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    static final String PREFIX = "depot-test:" + UUID.randomUUID() + ":revoked:sid:";

    public static class WithRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Generous: one slow first answer would make the gateway skip the list for a while (fail open).
            return Map.of(
                    "depot.gateway.revocation.redis-url",
                    REDIS_URL,
                    "depot.gateway.revocation.key-prefix",
                    PREFIX,
                    "depot.gateway.revocation.redis-timeout",
                    "PT10S");
        }
    }

    private static Vertx vertx;
    private static Redis redis;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, REDIS_URL);
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        await(vertx.close());
    }

    @Test
    void aTokenOfAnEndedLoginIsRefusedAtOnceAndOthersPass() {
        assumeTrue(reachable(), "no Redis");
        UUID user = UUID.randomUUID();
        String ended = UUID.randomUUID().toString();
        String token = tokenOfLogin(user, ended);
        String otherLogin = tokenOfLogin(user, UUID.randomUUID().toString());

        given().auth().oauth2(token).get("/api/cdn/files/echo").then().statusCode(200);

        // What auth-service does when the login ends (sign-out, refresh token reuse, password change).
        await(RedisAPI.api(redis).set(List.of(PREFIX + ended, "1", "PX", "60000")));

        given().auth()
                .oauth2(token)
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(401)
                .body("success", equalTo(false))
                .body("error", equalTo("Unauthorized"))
                .body("message", org.hamcrest.Matchers.containsString("sign in again"));
        given().cookie("access_token", token)
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(401)
                .body("error", equalTo("Unauthorized"));
        given().auth().oauth2(token).post("/api/cdn/shares/public/x/").then().statusCode(401);

        given().auth()
                .oauth2(otherLogin)
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .body("headers.authorization", equalTo("Bearer " + otherLogin));
        // A token naming no login has nothing to look up.
        given().auth()
                .oauth2(TestTokens.forUser(user))
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200);
    }

    @Test
    void aStaleCookieOfAnEndedLoginNeverStopsSigningInAgain() {
        assumeTrue(reachable(), "no Redis");
        String ended = UUID.randomUUID().toString();
        String token = tokenOfLogin(UUID.randomUUID(), ended);
        await(RedisAPI.api(redis).set(List.of(PREFIX + ended, "1", "PX", "60000")));
        // The fake auth-service has no such routes (404): the request reached it, it was not refused here.
        for (String path : List.of(
                "/api/auth/login",
                "/api/auth/register",
                "/api/auth/refresh",
                "/api/auth/logout",
                "/api/auth/retrieve",
                "/api/auth/login/")) {
            given().cookie("access_token", token).post(path).then().statusCode(404);
        }
        given().cookie("access_token", token).post("/api/auth/tokens/").then().statusCode(401);
    }

    private static boolean reachable() {
        java.net.URI uri = java.net.URI.create(REDIS_URL);
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static String tokenOfLogin(UUID user, String sid) {
        return Jwt.issuer(TestTokens.ISSUER)
                .subject(user.toString())
                .upn("user-" + user)
                .groups(Set.of("user"))
                .claim("sid", sid)
                .expiresIn(900)
                .jws()
                .keyId("test")
                .sign(TestKeys.signing().getPrivate());
    }

    static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
