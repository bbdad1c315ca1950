package dev.depot.files.service;

import dev.depot.common.jobs.ReplicaLock;
import dev.depot.files.config.FilesConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * Deletes for good what has been in the trash longer than {@code depot.files.trash-retention}.
 *
 * One replica at a time (ReplicaLock): two purging at once would each publish file.deleted and
 * folder.deleted for the same items before one of them found the rows gone.
 */
@ApplicationScoped
public class TrashPurgeJob {

    private static final Logger LOG = Logger.getLogger(TrashPurgeJob.class);

    static final String JOB = "files.trash-purge";

    private final TrashService trash;
    private final FilesConfig config;
    private final Clock clock;
    private final Pool pool;

    public TrashPurgeJob(TrashService trash, FilesConfig config, Clock clock, Pool pool) {
        this.trash = trash;
        this.config = config;
        this.clock = clock;
        this.pool = pool;
    }

    @Scheduled(
            every = "${depot.files.trash-purge-every:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return purgeUnlessRunningElsewhere().replaceWithVoid();
    }

    /** True when this replica purged, false when another one was purging. */
    Uni<Boolean> purgeUnlessRunningElsewhere() {
        return ReplicaLock.runAlone(
                pool, JOB, () -> trash.purgeOlderThan(OffsetDateTime.now(clock).minus(config.trashRetention()))
                        .invoke(done -> {
                            if (done.deletedFiles() + done.deletedFolders() > 0) {
                                LOG.infof(
                                        "trash purge: %d files and %d folders deleted for good",
                                        done.deletedFiles(), done.deletedFolders());
                            }
                        }));
    }
}
