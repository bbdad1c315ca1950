package dev.depot.files.service;

import dev.depot.blobstore.BlobStore;
import dev.depot.blobstore.LocalBlobStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * At start, removes what a previous run left behind when it stopped mid-request (a crash, kill -9):
 * spooled request bodies, temporary files of uploads being stored or of resumable uploads' chunks on
 * their way to the blob store. Resumable uploads themselves live in the database and the blob store (any
 * replica may resume them; {@link BlobCollector} expires them), so nothing here is theirs. Blobs are left to
 * {@link BlobCollector}: one without a row may be a processing result whose row is still on its way.
 */
@ApplicationScoped
public class LeftoverCleanup {

    private static final Logger LOG = Logger.getLogger(LeftoverCleanup.class);

    private final BlobStore blobs;

    public LeftoverCleanup(BlobStore blobs) {
        this.blobs = blobs;
    }

    /* Before the HTTP server takes requests, on the main thread: blocking here blocks no event loop. */
    void onStart(@Observes StartupEvent start) {
        int removed = removeLeftovers(
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
        if (removed > 0) {
            LOG.infof("removed %d files a previous run left in %s", removed, blobs.temporaryDirectory());
        }
    }

    /**
     * Removes leftovers last written before {@code startedAt}: only this process's requests own files
     * here, and anything written before it started belonged to one that is gone. (Newer files could
     * only be another process's: left alone, though one data directory per instance is the design.)
     * Answers how many files went.
     */
    public int removeLeftovers(Instant startedAt) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(blobs.temporaryDirectory())) {
            files = walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for leftovers in " + blobs.temporaryDirectory(), e);
        }
        int removed = 0;
        for (Path p : files) {
            if (!modifiedBefore(p, startedAt)) {
                continue;
            }
            try {
                if (blobs instanceof LocalBlobStore local && LocalBlobStore.isDiscarding(p)) {
                    // Stopped mid-discard: whether it was still needed is the collector's question.
                    local.restoreDiscarding(p);
                } else if (Files.deleteIfExists(p)) {
                    removed++;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("could not clean up %s: %s", p, e.toString());
            }
        }
        return removed;
    }

    private static boolean modifiedBefore(Path p, Instant instant) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isBefore(instant);
        } catch (IOException gone) {
            return false;
        }
    }
}
