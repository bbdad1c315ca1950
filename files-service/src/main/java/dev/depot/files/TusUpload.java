package dev.depot.files;

import java.time.Instant;
import java.util.UUID;

/**
 * A resumable upload in progress, as its row says: who opened it, what the file will be, and how many
 * bytes have come ({@code offset}). {@code conflict} is fail, replace or rename; null means fail.
 * {@code fileId} is the file a complete upload became; null until then.
 */
public record TusUpload(
        UUID id,
        UUID ownerId,
        UUID folderId,
        String filename,
        long length,
        String conflict,
        long offset,
        Instant createdAt,
        Instant updatedAt,
        UUID fileId) {}
