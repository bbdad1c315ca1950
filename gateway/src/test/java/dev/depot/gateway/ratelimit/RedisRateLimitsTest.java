package dev.depot.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.depot.gateway.TestConfigs;
import dev.depot.gateway.config.GatewayConfig.RateKey;
import dev.depot.gateway.core.Policy;
import dev.depot.gateway.ratelimit.RateLimits.Decision;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways' limiters, each on its own Vert.x instance as two replicas would be, counting
 * against the real Redis (DEPOT_TEST_REDIS_URL, default redis://127.0.0.1:6379) under a key prefix of
 * this run's own. Skipped where no Redis answers.
 */
class RedisRateLimitsTest {

    static final String REDIS_URL = System.getenv().getOrDefault("DEPOT_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final Policy POLICY = new Policy(
            "standard", 5, RateKey.USER, Duration.ofSeconds(2), 1024, Duration.ofSeconds(30), Duration.ofSeconds(60));

    private final String prefix = "depot-test:" + UUID.randomUUID() + ":";
    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<RateLimits> limiters = new ArrayList<>();

    @BeforeEach
    void redisIsThere() {
        assumeTrue(reachable(REDIS_URL), "no Redis at " + REDIS_URL);
    }

    @AfterEach
    void cleanUp() {
        limiters.forEach(RateLimits::close);
        if (!vertxes.isEmpty()) {
            deleteKeys(vertxes.get(0), REDIS_URL, prefix);
        }
        vertxes.forEach(v -> await(v.close()));
    }

    @Test
    void twoReplicasShareOneLimitThroughRedis() {
        RateLimits first = replica(REDIS_URL);
        RateLimits second = replica(REDIS_URL);
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            decisions.add(await((i % 2 == 0 ? first : second).check(POLICY, "u:alice")));
        }
        assertThat(decisions).extracting(Decision::remaining).containsExactly(4L, 3L, 2L, 1L, 0L, 0L);
        assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true, true, true, false);
        assertThat(await(first.check(POLICY, "u:bob")).remaining())
                .as("another user's own count")
                .isEqualTo(4);
        // Both replicas see the same window, whose clock is Redis's.
        assertThat(Math.abs(decisions.get(0).resetAtMillis() - decisions.get(5).resetAtMillis()))
                .isLessThan(1_000);
    }

    @Test
    void theLimitRecoversWhenTheWindowEnds() throws Exception {
        RateLimits first = replica(REDIS_URL);
        RateLimits second = replica(REDIS_URL);
        Decision last = null;
        for (int i = 0; i < 6; i++) {
            last = await(first.check(POLICY, "u:carol"));
        }
        assertThat(last.allowed()).isFalse();
        assertThat(last.retryAfterSeconds()).isBetween(1L, 2L);
        Thread.sleep(last.resetAtMillis() - System.currentTimeMillis() + 100);
        Decision fresh = await(second.check(POLICY, "u:carol"));
        assertThat(fresh.allowed()).isTrue();
        assertThat(fresh.remaining()).isEqualTo(4);
    }

    @Test
    void whenRedisIsDownTheGatewayFailsOpenAndCountsInMemory() {
        RateLimits limits = replica("redis://127.0.0.1:" + closedPort());
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            decisions.add(await(limits.check(POLICY, "u:dave")));
        }
        // Served, not refused: and the limit still holds in this replica.
        assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true, true, true, false);
    }

    private RateLimits replica(String url) {
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        RateLimits limits = new RateLimits(TestConfigs.gateway(Map.of(
                        "depot.gateway.rate-limit.redis-url", url,
                        "depot.gateway.rate-limit.key-prefix", prefix,
                        "depot.gateway.rate-limit.redis-timeout", "PT1S"))
                .rateLimit());
        limits.start(vertx);
        limiters.add(limits);
        return limits;
    }

    static boolean reachable(String url) {
        java.net.URI uri = java.net.URI.create(url);
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Removes every key under the prefix: the test leaves nothing behind in a shared Redis. */
    static void deleteKeys(Vertx vertx, String url, String prefix) {
        Redis redis = Redis.createClient(vertx, url);
        try {
            RedisAPI api = RedisAPI.api(redis);
            var keys = await(api.keys(prefix + "*"));
            List<String> names = new ArrayList<>();
            keys.forEach(k -> names.add(k.toString()));
            if (!names.isEmpty()) {
                await(api.del(names));
            }
        } finally {
            redis.close();
        }
    }

    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
