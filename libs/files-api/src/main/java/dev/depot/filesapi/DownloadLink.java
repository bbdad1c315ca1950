package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A URL for a file's bytes: a path relative to the public root for bytes kept by files-service, or the
 * file's own URL when it is hosted elsewhere ({@code external}); {@code redirect} says whether it may be a
 * redirect's target (Depot's own URLs, and external ones on a host its operator allowed).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DownloadLink(
        String downloadUrl,
        String filename,
        long size,
        String mimeType,
        Instant expiresAt,
        boolean external,
        boolean redirect) {}
