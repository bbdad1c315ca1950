package dev.depot.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.testing.TestEnv;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two replicas (here: two runs sharing one PostgreSQL) never run one job at once; the lock never outlives a run. */
class ReplicaLockTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        pool = PgPool.pool(
                vertx,
                new PgConnectOptions()
                        .setHost(TestEnv.dbHost())
                        .setPort(Integer.parseInt(TestEnv.dbPort()))
                        .setUser(TestEnv.dbUser())
                        .setPassword(TestEnv.dbPassword())
                        .setDatabase("postgres"),
                new PoolOptions().setMaxSize(12));
    }

    @AfterAll
    static void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    @Test
    void whileOneRunHoldsTheJobConcurrentRunsSkipIt() throws Exception {
        String job = "test." + UUID.randomUUID();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> finish = new CompletableFuture<>();
        Supplier<Uni<?>> work = () -> {
            ran.incrementAndGet();
            started.countDown();
            return Uni.createFrom().completionStage(finish);
        };

        CompletableFuture<Boolean> first = ReplicaLock.runAlone(pool, job, work).subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Boolean>> others = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            others.add(ReplicaLock.runAlone(pool, job, work).subscribeAsCompletionStage());
        }
        for (CompletableFuture<Boolean> other : others) {
            assertThat(other.get(10, TimeUnit.SECONDS)).isFalse();
        }
        assertThat(ran).hasValue(1);

        finish.complete(null);
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        // Released with the run's transaction: the next period runs.
        assertThat(ReplicaLock.runAlone(pool, job, work).await().atMost(WAIT)).isTrue();
        assertThat(ran).hasValue(2);
    }

    @Test
    void aRunThatFailsReleasesTheLock() {
        String job = "test." + UUID.randomUUID();
        assertThatThrownBy(() -> ReplicaLock.runAlone(
                                pool, job, () -> Uni.createFrom().failure(new IllegalStateException("boom")))
                        .await()
                        .atMost(WAIT))
                .hasMessageContaining("boom");
        assertThat(ReplicaLock.runAlone(pool, job, () -> Uni.createFrom().voidItem())
                        .await()
                        .atMost(WAIT))
                .isTrue();
    }

    @Test
    void differentJobsDoNotWaitForEachOther() throws Exception {
        String job = "test." + UUID.randomUUID();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> finish = new CompletableFuture<>();
        CompletableFuture<Boolean> holding = ReplicaLock.runAlone(pool, job, () -> {
                    started.countDown();
                    return Uni.createFrom().completionStage(finish);
                })
                .subscribeAsCompletionStage();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(ReplicaLock.runAlone(
                                    pool, job + ".other", () -> Uni.createFrom().voidItem())
                            .await()
                            .atMost(WAIT))
                    .isTrue();
        } finally {
            finish.complete(null);
        }
        assertThat(holding.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void keysAreStablePerJobAndDistinctBetweenJobs() {
        assertThat(ReplicaLock.key("files.trash-purge")).isEqualTo(ReplicaLock.key("files.trash-purge"));
        assertThat(ReplicaLock.key("files.trash-purge")).isNotEqualTo(ReplicaLock.key("files.blob-collector"));
    }
}
