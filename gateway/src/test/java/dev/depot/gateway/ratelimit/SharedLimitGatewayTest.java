package dev.depot.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.depot.gateway.TestConfigs;
import dev.depot.gateway.config.GatewayConfig.RateKey;
import dev.depot.gateway.core.Policy;
import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway configured with Redis, and a second replica's limiter beside it on its own Vert.x: a
 * user's requests through either count against one limit, in the real Redis.
 */
@QuarkusTest
@TestProfile(SharedLimitGatewayTest.WithRedis.class)
class SharedLimitGatewayTest {

    static final String PREFIX = "depot-test:" + UUID.randomUUID() + ":";

    public static class WithRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "depot.gateway.rate-limit.redis-url",
                    RedisRateLimitsTest.REDIS_URL,
                    "depot.gateway.rate-limit.key-prefix",
                    PREFIX,
                    "depot.gateway.rate-limit.window",
                    "PT10S",
                    "depot.gateway.policies.standard.rate-limit",
                    "5");
        }
    }

    @AfterAll
    static void removeTheKeys() {
        if (RedisRateLimitsTest.reachable(RedisRateLimitsTest.REDIS_URL)) {
            Vertx vertx = Vertx.vertx();
            try {
                RedisRateLimitsTest.deleteKeys(vertx, RedisRateLimitsTest.REDIS_URL, PREFIX);
            } finally {
                vertx.close();
            }
        }
    }

    @Test
    void aUsersRequestsThroughTwoReplicasCountAgainstOneLimit() {
        assumeTrue(RedisRateLimitsTest.reachable(RedisRateLimitsTest.REDIS_URL), "no Redis");
        UUID user = UUID.randomUUID();
        String token = TestTokens.forUser(user);
        Vertx vertx = Vertx.vertx();
        RateLimits otherReplica = new RateLimits(TestConfigs.gateway(Map.of(
                        "depot.gateway.rate-limit.redis-url",
                        RedisRateLimitsTest.REDIS_URL,
                        "depot.gateway.rate-limit.key-prefix",
                        PREFIX))
                .rateLimit());
        otherReplica.start(vertx);
        try {
            Policy standard = new Policy(
                    "standard",
                    5,
                    RateKey.USER,
                    Duration.ofSeconds(10),
                    1 << 20,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(60));
            for (int i = 0; i < 3; i++) {
                RedisRateLimitsTest.await(otherReplica.check(standard, "u:" + user));
            }
            given().header("Authorization", "Bearer " + token)
                    .get("/api/cdn/files/echo")
                    .then()
                    .statusCode(200)
                    .header("X-RateLimit-Limit", "5")
                    .header("X-RateLimit-Remaining", "1");
            given().header("Authorization", "Bearer " + token)
                    .get("/api/cdn/files/echo")
                    .then()
                    .statusCode(200)
                    .header("X-RateLimit-Remaining", "0");
            given().header("Authorization", "Bearer " + token)
                    .get("/api/cdn/files/echo")
                    .then()
                    .statusCode(429);
            assertThat(RedisRateLimitsTest.await(otherReplica.check(standard, "u:" + user))
                            .allowed())
                    .as("the other replica sees the requests made through this one")
                    .isFalse();
        } finally {
            otherReplica.close();
            RedisRateLimitsTest.await(vertx.close());
        }
    }
}
