package dev.depot.analytics;

import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The thumbnails, previews and metadata of one file content: queued, processing, completed, skipped or failed. */
public record ProcessingJob(
        UUID id,
        UUID fileId,
        String filename,
        String sourceSha256,
        String status,
        int runs,
        String reason,
        String thumbnailSha256,
        String previewSha256,
        Integer width,
        Integer height,
        OffsetDateTime takenAt,
        Integer pageCount,
        Long durationMs,
        OffsetDateTime queuedAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String COLUMNS = "j.id, j.file_id, f.filename, j.source_sha256, j.status, j.runs, j.reason, "
            + "j.thumbnail_sha256, j.preview_sha256, j.width, j.height, j.taken_at, j.page_count, j.duration_ms, "
            + "j.queued_at, j.started_at, j.finished_at, j.created_at, j.status_at";

    public static ProcessingJob of(Row r) {
        return new ProcessingJob(
                r.getUUID("id"),
                r.getUUID("file_id"),
                r.getString("filename"),
                r.getString("source_sha256"),
                r.getString("status"),
                r.getInteger("runs"),
                r.getString("reason"),
                r.getString("thumbnail_sha256"),
                r.getString("preview_sha256"),
                r.getInteger("width"),
                r.getInteger("height"),
                r.getOffsetDateTime("taken_at"),
                r.getInteger("page_count"),
                r.getLong("duration_ms"),
                r.getOffsetDateTime("queued_at"),
                r.getOffsetDateTime("started_at"),
                r.getOffsetDateTime("finished_at"),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("status_at"));
    }
}
