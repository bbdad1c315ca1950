package dev.depot.files.service;

import dev.depot.files.config.FilesConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/** Deletes for good what has been in the trash longer than {@code depot.files.trash-retention}. */
@ApplicationScoped
public class TrashPurgeJob {

    private static final Logger LOG = Logger.getLogger(TrashPurgeJob.class);

    private final TrashService trash;
    private final FilesConfig config;
    private final Clock clock;

    public TrashPurgeJob(TrashService trash, FilesConfig config, Clock clock) {
        this.trash = trash;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(
            every = "${depot.files.trash-purge-every:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return trash.purgeOlderThan(OffsetDateTime.now(clock).minus(config.trashRetention()))
                .invoke(done -> {
                    if (done.deletedFiles() + done.deletedFolders() > 0) {
                        LOG.infof(
                                "trash purge: %d files and %d folders deleted for good",
                                done.deletedFiles(), done.deletedFolders());
                    }
                })
                .replaceWithVoid();
    }
}
