package dev.depot.events.payload;

import java.time.Instant;
import java.util.UUID;

/**
 * Data of processing.started, processing.completed and processing.failed, for the file's content
 * {@code sourceSha256} (a result for older content than the file now has is stale).
 *
 * @param status        processing, completed, skipped (a type nothing is made for) or failed
 * @param thumbnailSha256 the 256 px JPEG in the blob store (completed images and PDFs)
 * @param previewSha256 the 1024 px JPEG in the blob store
 * @param reason        why it failed or was skipped
 */
public record ProcessingPayload(
        UUID fileId,
        UUID ownerId,
        String sourceSha256,
        String status,
        String thumbnailSha256,
        String previewSha256,
        Integer width,
        Integer height,
        Instant takenAt,
        Integer pageCount,
        String textPreview,
        String reason,
        Long durationMs) {

    public static ProcessingPayload of(UUID fileId, UUID ownerId, String sourceSha256, String status, String reason) {
        return new ProcessingPayload(
                fileId, ownerId, sourceSha256, status, null, null, null, null, null, null, null, reason, null);
    }
}
