package dev.depot.files.service;

import dev.depot.blobstore.BlobStore;
import dev.depot.files.StoredFile;
import java.time.Instant;

/**
 * Bytes a client may have, as the services hand them to the resources that send them: a blob (its
 * store and SHA-256) and what a client is told about it. {@code sha256} is the blob's own (a file's content, or an image
 * made of it), {@code lastModified} is null when none is told, and {@code maxAgeSeconds} is how long
 * the client may keep the bytes.
 */
public record Download(
        BlobStore store,
        String blob,
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
    static Download of(StoredFile file, BlobStore store, long maxAgeSeconds) {
        Instant modified = file.updatedAt == null ? null : file.updatedAt.toInstant();
        return new Download(
                store,
                file.storagePath,
                file.sha256,
                file.fileSize,
                file.mimeType,
                file.filename,
                modified,
                maxAgeSeconds);
    }
}
