package dev.depot.events.payload;

import java.util.UUID;

/**
 * Data of the file.* events: the file as it is after the change.
 *
 * @param sha256 the content's SHA-256; for a registered file, the hash its owner declared
 * @param cdnUrl where a registered file's bytes are hosted (null for bytes kept in the blob store)
 */
public record FilePayload(UUID fileId, UUID ownerId, String filename, UUID folderId, long fileSize,
        String mimeType, String category, String sha256, boolean starred, String cdnUrl) {

    /** A file whose bytes are kept here (no cdn_url): the shape the payload had before cdn_url was added. */
    public FilePayload(UUID fileId, UUID ownerId, String filename, UUID folderId, long fileSize, String mimeType,
            String category, String sha256, boolean starred) {
        this(fileId, ownerId, filename, folderId, fileSize, mimeType, category, sha256, starred, null);
    }
}
