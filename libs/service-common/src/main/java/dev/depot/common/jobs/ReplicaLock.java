package dev.depot.common.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;

/**
 * Lets a scheduled job run on one replica at a time, the way OutboxRelay relays: a transaction-scoped
 * PostgreSQL advisory lock ({@code pg_try_advisory_xact_lock}), one key per job, taken on a connection
 * of its own and held while the job runs, whatever connections or sessions the job itself uses. The
 * lock goes with that transaction: when the job ends, fails, or its replica dies (the connection
 * closes). A replica that finds the lock held skips the run instead of waiting; the job's next period
 * tries again. Every replica keeps its scheduler: whichever comes first does the work.
 *
 * Usage, in a job's {@code @Scheduled} method: {@code return ReplicaLock.runAlone(pool, "files.trash-purge",
 * () -> work()).replaceWithVoid();}
 */
public final class ReplicaLock {

    private ReplicaLock() {}

    /** The advisory lock key of a job: the first 8 bytes of SHA-256 over its name, stable across releases. */
    public static long key(String job) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(("depot-job:" + job).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code work} unless another replica is running the same job: true when it ran, false when it
     * was skipped. A failure of the work fails the Uni (and releases the lock).
     */
    public static Uni<Boolean> runAlone(Pool pool, String job, Supplier<Uni<?>> work) {
        long key = key(job);
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(key))
                .chain(rows -> rows.iterator().next().getBoolean(0)
                        ? Uni.createFrom().deferred(work).replaceWith(Boolean.TRUE)
                        : Uni.createFrom().item(Boolean.FALSE)));
    }
}
