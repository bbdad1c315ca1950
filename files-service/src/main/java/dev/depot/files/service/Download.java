package dev.depot.files.service;

import dev.depot.files.StoredFile;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Bytes a client may have, as the services hand them to the resources that send them: a blob and
 * what a client is told about it. {@code sha256} is the blob's own (a file's content, or an image
 * made of it), {@code lastModified} is null when none is told, and {@code maxAgeSeconds} is how long
 * the client may keep the bytes.
 */
public record Download(
        Path blob,
        String sha256,
        long size,
        String mimeType,
        String filename,
        Instant lastModified,
        long maxAgeSeconds) {

    /**
     * A file's bytes. Its Last-Modified is when the file last changed ({@code updated_at}): a new
     * content always changes it, so a client's If-Range date is never taken for other bytes.
     */
    static Download of(StoredFile file, Path blob, long maxAgeSeconds) {
        Instant modified = file.updatedAt == null ? null : file.updatedAt.toInstant();
        return new Download(blob, file.sha256, file.fileSize, file.mimeType, file.filename, modified, maxAgeSeconds);
    }
}
