package dev.depot.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.auth.config.AuthConfig;
import dev.depot.common.error.ApiException;
import dev.depot.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The login throttle with several replicas: two throttles sharing the real Redis at 127.0.0.1:6379
 * (a key prefix of their own per test) count failures together and exactly; without Redis each one
 * still throttles on its own.
 */
class SharedLoginThrottleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String REDIS = "redis://127.0.0.1:6379";

    private static Vertx vertx;
    private static Redis direct;
    private final List<LoginThrottle> started = new ArrayList<>();
    private final String prefix = "depot-test:auth:login-failures:" + UUID.randomUUID() + ":";

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        direct = Redis.createClient(vertx, REDIS);
    }

    @AfterAll
    static void stop() {
        direct.close();
        vertx.close();
    }

    @AfterEach
    void closeThrottles() {
        started.forEach(t -> t.stop(null));
    }

    private record Limits(String url, String keyPrefix, Duration window, int perPair, int perAddress, int perAccount)
            implements AuthConfig.LoginThrottle {
        @Override
        public int maxFailuresPerAccountAndAddress() {
            return perPair;
        }

        @Override
        public int maxFailuresPerAddress() {
            return perAddress;
        }

        @Override
        public int maxFailuresPerAccount() {
            return perAccount;
        }

        @Override
        public Duration delayStep() {
            return Duration.ofMillis(1);
        }

        @Override
        public Optional<String> redisUrl() {
            return Optional.ofNullable(url);
        }

        @Override
        public Duration redisTimeout() {
            return Duration.ofMillis(500);
        }

        @Override
        public Duration redisRetryAfter() {
            return Duration.ofSeconds(30);
        }
    }

    private LoginThrottle replica(String url, Duration window, int perPair, Clock clock) {
        LoginThrottle t = new LoginThrottle(new Limits(url, prefix, window, perPair, 1000, 1000), clock);
        t.start(vertx);
        started.add(t);
        return t;
    }

    private LoginThrottle replica(Duration window, int perPair) {
        return replica(REDIS, window, perPair, Clock.systemUTC());
    }

    private static void fail(LoginThrottle t, String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            t.failed(account, address).await().atMost(WAIT);
        }
    }

    private static Long refusedFor(LoginThrottle t, String account, String address) {
        try {
            t.check(account, address).await().atMost(WAIT);
            return null;
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(429);
            return e.retryAfterSeconds();
        }
    }

    private long inRedis(String key) {
        return direct.send(Request.cmd(Command.ZCARD).arg(prefix + key))
                .toCompletionStage()
                .toCompletableFuture()
                .join()
                .toLong();
    }

    @Test
    void twoReplicasSeeEachOthersFailures() {
        LoginThrottle a = replica(Duration.ofMinutes(15), 5);
        LoginThrottle b = replica(Duration.ofMinutes(15), 5);
        fail(a, "alice", "203.0.113.1", 3);
        fail(b, "alice", "203.0.113.1", 1);
        assertThat(refusedFor(a, "alice", "203.0.113.1")).isNull();
        assertThat(refusedFor(b, "alice", "203.0.113.1")).isNull();

        // The fifth failure, on b, is the one that shuts the pair out on a too.
        Duration delay = b.failed("alice", "203.0.113.1").await().atMost(WAIT);
        assertThat(delay).isEqualTo(Duration.ofMillis(5));
        assertThat(refusedFor(a, "alice", "203.0.113.1")).isBetween(1L, 15L * 60 + 1);
        assertThat(refusedFor(b, "alice", "203.0.113.1")).isBetween(1L, 15L * 60 + 1);
        // Another address, or another account, is not refused.
        assertThat(refusedFor(a, "alice", "203.0.113.2")).isNull();
        assertThat(refusedFor(b, "bob", "203.0.113.1")).isNull();
    }

    @Test
    void aSuccessOnOneReplicaForgetsThePairOnAll() {
        LoginThrottle a = replica(Duration.ofMinutes(15), 5);
        LoginThrottle b = replica(Duration.ofMinutes(15), 5);
        fail(a, "alice", "203.0.113.1", 4);
        b.succeeded("alice", "203.0.113.1").await().atMost(WAIT);
        assertThat(inRedis("pair:203.0.113.1:alice")).isZero();
        // The address's and the account's own counts stay.
        assertThat(inRedis("address:203.0.113.1")).isEqualTo(4);
        assertThat(inRedis("account:alice")).isEqualTo(4);
        fail(a, "alice", "203.0.113.1", 4);
        assertThat(refusedFor(b, "alice", "203.0.113.1")).isNull();
    }

    @Test
    void twentyParallelFailuresOnTwoReplicasAreCountedExactly() throws Exception {
        LoginThrottle a = replica(Duration.ofMinutes(15), 20);
        LoginThrottle b = replica(Duration.ofMinutes(15), 20);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Duration>> delays = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                LoginThrottle replica = i % 2 == 0 ? a : b;
                delays.add(CompletableFuture.supplyAsync(
                        () -> replica.failed("carol", "198.51.100.7").await().atMost(WAIT), pool));
            }
            Set<Long> counts = new TreeSet<>();
            for (CompletableFuture<Duration> d : delays) {
                counts.add(d.get(10, TimeUnit.SECONDS).toMillis());
            }
            // Each failure saw its own count: 1 to 20, none lost, none counted twice.
            assertThat(counts).hasSize(20).first().isEqualTo(1L);
            assertThat(counts).last().isEqualTo(20L);
        } finally {
            pool.shutdownNow();
        }
        assertThat(inRedis("pair:198.51.100.7:carol")).isEqualTo(20);
        assertThat(inRedis("account:carol")).isEqualTo(20);
        assertThat(refusedFor(a, "carol", "198.51.100.7")).isNotNull();
    }

    @Test
    void failuresLeaveTheWindowAndTheirKeysExpire() throws Exception {
        LoginThrottle a = replica(Duration.ofSeconds(1), 3);
        LoginThrottle b = replica(Duration.ofSeconds(1), 3);
        fail(a, "dave", "192.0.2.9", 3);
        assertThat(refusedFor(b, "dave", "192.0.2.9")).isBetween(1L, 2L);
        Thread.sleep(1300);
        assertThat(refusedFor(b, "dave", "192.0.2.9")).isNull();
        long exists = direct.send(Request.cmd(Command.EXISTS)
                        .arg(prefix + "pair:192.0.2.9:dave")
                        .arg(prefix + "address:192.0.2.9")
                        .arg(prefix + "account:dave"))
                .toCompletionStage()
                .toCompletableFuture()
                .join()
                .toLong();
        assertThat(exists).isZero();
    }

    @Test
    void retryAfterIsTheSameInRedisAndInMemory() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T10:00:00.250Z"), ZoneOffset.UTC);
        LoginThrottle shared = replica(REDIS, Duration.ofMinutes(15), 5, fixed);
        LoginThrottle alone = replica(null, Duration.ofMinutes(15), 5, fixed);
        fail(shared, "erin", "192.0.2.10", 5);
        fail(alone, "erin", "192.0.2.10", 5);
        assertThat(refusedFor(shared, "erin", "192.0.2.10"))
                .isEqualTo(refusedFor(alone, "erin", "192.0.2.10"))
                .isEqualTo(15L * 60 + 1);
    }

    @Test
    void withRedisUnreachableEachReplicaStillThrottlesInMemory() {
        String nowhere = "redis://127.0.0.1:" + FreePorts.pick();
        LoginThrottle a = replica(nowhere, Duration.ofMinutes(15), 5, Clock.systemUTC());
        fail(a, "frank", "192.0.2.11", 4);
        assertThat(refusedFor(a, "frank", "192.0.2.11")).isNull();
        assertThat(a.failed("frank", "192.0.2.11").await().atMost(WAIT)).isEqualTo(Duration.ofMillis(5));
        assertThat(refusedFor(a, "frank", "192.0.2.11")).isBetween(1L, 15L * 60 + 1);
        assertThatThrownBy(() -> a.check("frank", "192.0.2.11").await().atMost(WAIT))
                .isInstanceOf(ApiException.class);
    }
}
