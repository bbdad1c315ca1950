package dev.depot.sharing.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.common.error.ApiException;
import dev.depot.sharing.Share;
import dev.depot.sharing.config.PasswordThrottleConfig;
import dev.depot.testing.FreePorts;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * The link-password throttle with several replicas: two instances sharing the real Redis at
 * 127.0.0.1:6379 (a key prefix of their own per test) count wrong guesses together and exactly;
 * without Redis each one still throttles on its own.
 */
class SharedLinkPasswordsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final String PASSWORD = "correct horse";

    private static Vertx vertx;
    private static String hash;
    private final List<LinkPasswords> started = new ArrayList<>();
    private final String prefix = "depot-test:sharing:password-failures:" + UUID.randomUUID() + ":";

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        hash = BcryptUtil.bcryptHash(PASSWORD, 4);
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    @AfterEach
    void closeAll() {
        started.forEach(p -> p.stop(null));
    }

    private record Throttle(String url, String keyPrefix) implements PasswordThrottleConfig {
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

    private LinkPasswords replica(String url, int attempts, Duration window) {
        LinkPasswords p = new LinkPasswords(vertx, attempts, window, new Throttle(url, prefix), Clock.systemUTC());
        p.start();
        started.add(p);
        return p;
    }

    private static Share link() {
        Share s = new Share();
        s.id = UUID.randomUUID();
        s.passwordHash = hash;
        return s;
    }

    /** The refusal's status and what it carries: attempts left for a 401, Retry-After for a 429. */
    private static ApiException refusal(LinkPasswords p, Share s, String password, String client) {
        try {
            p.check(s, password, client).await().atMost(WAIT);
            return null;
        } catch (ApiException e) {
            return e;
        }
    }

    private static int attemptsLeft(ApiException e) {
        assertThat(e.status()).isEqualTo(401);
        return ((Number) e.details().get("attempts_left")).intValue();
    }

    @Test
    void twoReplicasCountWrongGuessesTogether() {
        LinkPasswords a = replica(REDIS, 5, Duration.ofMinutes(15));
        LinkPasswords b = replica(REDIS, 5, Duration.ofMinutes(15));
        Share s = link();
        assertThat(attemptsLeft(refusal(a, s, "guess 1", "203.0.113.5"))).isEqualTo(4);
        assertThat(attemptsLeft(refusal(b, s, "guess 2", "203.0.113.5"))).isEqualTo(3);
        assertThat(attemptsLeft(refusal(a, s, "guess 3", "203.0.113.5"))).isEqualTo(2);
        // What the link's page shows before a guess, on either replica.
        assertThat(attemptsLeft(refusal(b, s, null, "203.0.113.5"))).isEqualTo(2);
        assertThat(attemptsLeft(refusal(b, s, "guess 4", "203.0.113.5"))).isEqualTo(1);
        assertThat(attemptsLeft(refusal(a, s, "guess 5", "203.0.113.5"))).isZero();

        ApiException tooMany = refusal(b, s, PASSWORD, "203.0.113.5");
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.retryAfterSeconds()).isBetween(1L, 15L * 60);
        // Another address, or another link, is not refused.
        assertThat(refusal(a, s, PASSWORD, "203.0.113.6")).isNull();
        assertThat(attemptsLeft(refusal(a, link(), null, "203.0.113.5"))).isEqualTo(5);
    }

    @Test
    void parallelWrongGuessesOnTwoReplicasAreCountedExactly() throws Exception {
        LinkPasswords a = replica(REDIS, 100, Duration.ofMinutes(15));
        LinkPasswords b = replica(REDIS, 100, Duration.ofMinutes(15));
        Share s = link();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Integer>> lefts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                LinkPasswords replica = i % 2 == 0 ? a : b;
                String guess = "guess " + i;
                lefts.add(CompletableFuture.supplyAsync(
                        () -> attemptsLeft(refusal(replica, s, guess, "198.51.100.9")), pool));
            }
            List<Integer> seen = new ArrayList<>();
            for (CompletableFuture<Integer> left : lefts) {
                seen.add(left.get(30, TimeUnit.SECONDS));
            }
            // Each guess saw its own count: 99 down to 80 left, none lost, none counted twice.
            assertThat(seen)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(80, 99)
                            .boxed()
                            .toList());
        } finally {
            pool.shutdownNow();
        }
        assertThat(attemptsLeft(refusal(b, s, null, "198.51.100.9"))).isEqualTo(80);
    }

    @Test
    void theWindowPassesAndTheCountStartsOver() throws Exception {
        LinkPasswords a = replica(REDIS, 2, Duration.ofSeconds(1));
        LinkPasswords b = replica(REDIS, 2, Duration.ofSeconds(1));
        Share s = link();
        refusal(a, s, "guess 1", "192.0.2.20");
        refusal(b, s, "guess 2", "192.0.2.20");
        assertThat(refusal(a, s, PASSWORD, "192.0.2.20").status()).isEqualTo(429);
        Thread.sleep(1300);
        assertThat(refusal(b, s, PASSWORD, "192.0.2.20")).isNull();
        assertThat(attemptsLeft(refusal(a, s, "guess 3", "192.0.2.20"))).isEqualTo(1);
    }

    @Test
    void withRedisUnreachableEachReplicaStillThrottlesInMemory() {
        LinkPasswords a = replica("redis://127.0.0.1:" + FreePorts.pick(), 3, Duration.ofMinutes(15));
        Share s = link();
        assertThat(attemptsLeft(refusal(a, s, "guess 1", "192.0.2.21"))).isEqualTo(2);
        assertThat(attemptsLeft(refusal(a, s, "guess 2", "192.0.2.21"))).isEqualTo(1);
        assertThat(attemptsLeft(refusal(a, s, "guess 3", "192.0.2.21"))).isZero();
        ApiException tooMany = refusal(a, s, PASSWORD, "192.0.2.21");
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.retryAfterSeconds()).isBetween(1L, 15L * 60);
    }
}
