package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A file as someone it is shared with sees it: no owner, storage path or hashes. thumbnail_url and
 * preview_url are signed /cdn/r/ URLs (relative to the public root, good for about an hour, no session
 * needed, as a public link's visitor has none), null while processing-worker made no such image.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SharedFile(
        UUID id,
        String filename,
        long fileSize,
        String mimeType,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        String thumbnailUrl,
        String previewUrl,
        Integer width,
        Integer height,
        Integer pageCount,
        String textPreview,
        String processingStatus) {}
