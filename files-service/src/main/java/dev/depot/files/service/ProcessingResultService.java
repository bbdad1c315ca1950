package dev.depot.files.service;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.files.StoredFile;
import dev.depot.files.repository.FileRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;

/**
 * Records what processing-worker made of a file's content (thumbnail, preview, metadata). A result counts
 * only for the content it was made from: once the file has other bytes it is ignored. These are not
 * changes anyone else needs to hear of, so no file.* event follows.
 */
@ApplicationScoped
public class ProcessingResultService {

    private static final Set<String> FINISHED = Set.of("completed", "skipped");

    private final FileRepository files;

    public ProcessingResultService(FileRepository files) {
        this.files = files;
    }

    /** Applies processing.started, processing.completed or processing.failed ({@code type}). */
    public Uni<Void> record(String type, ProcessingPayload result) {
        // Locked: a new upload of the same file waits for this, or this sees its new sha256 and stops.
        return files.findLocked(result.fileId())
                .invoke(file -> apply(type, result, file))
                .replaceWithVoid();
    }

    /**
     * Changes the file as the event says, unless it is gone or the result is for other content. A
     * file registered by URL without a hash has no content to compare: results without one are its.
     */
    static void apply(String type, ProcessingPayload result, StoredFile file) {
        if (file == null || !Objects.equals(file.sha256, result.sourceSha256())) {
            return;
        }
        switch (type) {
            // Only a file still waiting starts: a started delivered late must not undo a finished result.
            case EventTypes.PROCESSING_STARTED -> {
                if ("pending".equals(file.processingStatus)) {
                    file.processingStatus = "processing";
                }
            }
            case EventTypes.PROCESSING_COMPLETED -> {
                if (!FINISHED.contains(result.status())) {
                    throw new IllegalArgumentException("processing.completed with status " + result.status());
                }
                file.processingStatus = result.status();
                file.processed = true;
                file.thumbnailSha256 = sha(result.thumbnailSha256());
                file.previewSha256 = sha(result.previewSha256());
                file.mediaWidth = result.width();
                file.mediaHeight = result.height();
                file.takenAt =
                        result.takenAt() == null ? null : result.takenAt().atOffset(ZoneOffset.UTC);
                file.pageCount = result.pageCount();
                file.textPreview = result.textPreview();
                file.processingError = null;
            }
            case EventTypes.PROCESSING_FAILED -> {
                file.processingStatus = "failed";
                file.processed = false;
                file.processingError = result.reason() == null ? "processing failed" : result.reason();
            }
            default -> throw new IllegalStateException(type);
        }
    }

    /** A blob name as the blob store takes it; anything else would be served as a path. */
    private static String sha(String hex) {
        if (hex == null) {
            return null;
        }
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + hex);
        }
        return hex;
    }
}
