package dev.depot.files.service;

import dev.depot.blobstore.BlobInfo;
import dev.depot.blobstore.BlobStore;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.repository.TusUploadRepository;
import dev.depot.files.storage.IncomingFile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Removes bytes nothing refers to: blobs of files deleted for good (their content, old versions,
 * thumbnails and previews), thumbnails and previews of content since replaced, blobs of uploads
 * whose recording failed or crashed, temporary files of uploads cut off midway, and resumable uploads
 * idle for the grace period (their rows and parts) or parts whose upload is gone. Anything younger
 * than the grace period is left alone, since the row naming it (a file, or a processing result) may
 * still be on its way.
 */
@ApplicationScoped
public class BlobCollector {

    private static final Logger LOG = Logger.getLogger(BlobCollector.class);

    private final BlobStore blobs;
    private final TusUploadRepository tusUploads;
    private final Vertx vertx;
    private final Duration grace;
    private final Clock clock;

    public BlobCollector(
            BlobStore blobs, TusUploadRepository tusUploads, Vertx vertx, FilesConfig config, Clock clock) {
        this.blobs = blobs;
        this.tusUploads = tusUploads;
        this.vertx = vertx;
        this.grace = config.blobGracePeriod();
        this.clock = clock;
    }

    @Scheduled(
            every = "${depot.files.blob-collect-every:10m}",
            delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return collect(grace)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("collected %d unreferenced blobs and temporary files", n);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Deletes what is unreferenced and older than {@code minAge}; answers how many blobs and temporary
     * files went. Blobs are found by listing the store (a directory walk, or a bucket listing); temporary
     * files are always local.
     */
    public Uni<Integer> collect(Duration minAge) {
        Instant cutoff = clock.instant().minus(minAge);
        return collectResumableUploads(cutoff)
                .chain(uploads -> collectBlobs(cutoff).map(n -> n + uploads));
    }

    private Uni<Integer> collectBlobs(Instant cutoff) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> oldBlobs(cutoff)))
                .chain(old -> referenced(old)
                        .chain(inUse -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                            int deleted = 0;
                            for (String sha : old) {
                                // The age is checked again by the store just before deleting: a re-upload of
                                // the same bytes makes the blob fresh.
                                if (!inUse.contains(sha) && deleteIfStillOld(sha, cutoff)) {
                                    deleted++;
                                }
                            }
                            for (Path p : oldTemporaryFiles(cutoff)) {
                                if (deleteIfStillOld(p, cutoff)) {
                                    deleted++;
                                }
                            }
                            return deleted;
                        }))));
    }

    /**
     * Resumable uploads idle since before {@code cutoff}: the row first (a PATCH that comes later finds
     * no upload, 404, and deletes its own part), then the parts. Then parts whose upload has no row: a
     * row is written before any part, so these are parts of uploads completed, terminated or expired
     * whose deletion failed or raced a PATCH. Answers how many uploads' parts went.
     */
    private Uni<Integer> collectResumableUploads(Instant cutoff) {
        return Panache.withSession(() -> tusUploads.idleSince(cutoff))
                .chain(idle -> Multi.createFrom()
                        .iterable(idle)
                        .onItem()
                        .transformToUniAndConcatenate(
                                id -> Panache.withTransaction(() -> tusUploads.deleteIfIdleSince(id, cutoff)))
                        .collect()
                        .asList())
                .chain(() -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                    try {
                        return blobs.uploadIds();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })))
                .chain(withParts -> {
                    List<UUID> ids = withParts.stream().map(UUID::fromString).toList();
                    return Panache.withSession(() -> tusUploads.existing(ids))
                            .chain(live ->
                                    vertx.executeBlocking(Uni.createFrom().item(() -> {
                                        int deleted = 0;
                                        for (UUID id : ids) {
                                            if (!live.contains(id) && deleteParts(id)) {
                                                deleted++;
                                            }
                                        }
                                        return deleted;
                                    })));
                });
    }

    private boolean deleteParts(UUID uploadId) {
        try {
            return blobs.deleteParts(uploadId.toString()) > 0;
        } catch (IOException e) {
            LOG.warnf("could not collect the parts of upload %s: %s", uploadId, e.getMessage());
            return false;
        }
    }

    /**
     * Deletes at once the blob an upload stored for a row that then did not commit, unless a row names
     * it or another upload has put the same bytes since (it may be about to commit its row). Bytes are
     * deduplicated, so "my upload failed" never means "nobody needs this blob": rows are checked first,
     * then {@link BlobStore#discard} deletes only if this upload's put is still the last one (a store
     * whose puts answer no stamp, S3, deletes nothing: the age rule below does). A row
     * naming the blob can only appear after that check by way of a later put (which the stamp shows)
     * or by copying a row the check saw. Whatever is left here (a rounded stamp, a crash in between)
     * is still collected by the age rule above. Never fails: the caller's own failure is what counts.
     */
    public Uni<Void> discardUnrecorded(IncomingFile bytes) {
        if (bytes == null || bytes.stamp() == null) {
            return Uni.createFrom().voidItem();
        }
        return referenced(List.of(bytes.sha256()))
                .chain(inUse -> inUse.isEmpty()
                        ? vertx.executeBlocking(Uni.createFrom().item(() -> {
                                    try {
                                        return blobs.discard(bytes.sha256(), bytes.stamp());
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                }))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "could not discard the unrecorded blob %s (the collector will): %s",
                        bytes.sha256(), e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Columns naming a blob: a file's bytes, an old version's bytes, a file's thumbnail and preview. */
    private static final List<String> REFERENCES = List.of(
            "select distinct f.storagePath from StoredFile f where f.storagePath in (:shas)",
            "select distinct v.storagePath from FileVersion v where v.storagePath in (:shas)",
            "select distinct f.thumbnailSha256 from StoredFile f where f.thumbnailSha256 in (:shas)",
            "select distinct f.previewSha256 from StoredFile f where f.previewSha256 in (:shas)");

    private Uni<Set<String>> referenced(List<String> shas) {
        if (shas.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        Set<String> all = new HashSet<>();
        return Panache.withSession(() -> Panache.getSession().chain(s -> Multi.createFrom()
                        .iterable(REFERENCES)
                        .onItem()
                        .transformToUniAndConcatenate(q -> s.createSelectionQuery(q, String.class)
                                .setParameter("shas", shas)
                                .getResultList())
                        .invoke(all::addAll)
                        .collect()
                        .last()))
                .replaceWith(all);
    }

    private List<String> oldBlobs(Instant cutoff) {
        try (Stream<BlobInfo> all = blobs.list()) {
            return all.filter(b -> b.lastModified().isBefore(cutoff))
                    .map(BlobInfo::sha256)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Temporary files (uploads cut off midway, spooled bodies) older than the cutoff: a local directory. */
    private List<Path> oldTemporaryFiles(Instant cutoff) {
        try (Stream<Path> files = Files.walk(blobs.temporaryDirectory())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> modified(p).isBefore(cutoff))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean deleteIfStillOld(String sha256, Instant cutoff) {
        try {
            return blobs.deleteIfOlder(sha256, cutoff);
        } catch (IOException e) {
            LOG.warnf("could not collect %s: %s", blobs.describe(sha256), e.getMessage());
            return false;
        }
    }

    private static boolean deleteIfStillOld(Path p, Instant cutoff) {
        try {
            return modified(p).isBefore(cutoff) && Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warnf("could not collect %s: %s", p, e.getMessage());
            return false;
        }
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }
}
