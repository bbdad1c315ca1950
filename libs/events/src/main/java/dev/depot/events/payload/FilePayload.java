package dev.depot.events.payload;

import java.util.UUID;

/**
 * Data of the file.* events: the file as it is after the change.
 *
 * @param sha256 the content's SHA-256; for a registered file, the hash its owner declared
 * @param cdnUrl where a registered file's bytes are hosted (null for bytes kept in the blob store)
 * @param deletedWith file.deleted only: the folder whose deletion for good took this file along (null when
 *        the file itself was deleted). A folder's deletion publishes one file.deleted per file it took, so a
 *        consumer learns of every file that is gone, in order with that file's other events.
 */
public record FilePayload(
        UUID fileId,
        UUID ownerId,
        String filename,
        UUID folderId,
        long fileSize,
        String mimeType,
        String category,
        String sha256,
        boolean starred,
        String cdnUrl,
        UUID deletedWith) {

    /** The file as it is after a change other than a deletion with its folder. */
    public FilePayload(
            UUID fileId,
            UUID ownerId,
            String filename,
            UUID folderId,
            long fileSize,
            String mimeType,
            String category,
            String sha256,
            boolean starred,
            String cdnUrl) {
        this(fileId, ownerId, filename, folderId, fileSize, mimeType, category, sha256, starred, cdnUrl, null);
    }

    /** A file whose bytes are kept here (no cdn_url): the shape the payload had before cdn_url was added. */
    public FilePayload(
            UUID fileId,
            UUID ownerId,
            String filename,
            UUID folderId,
            long fileSize,
            String mimeType,
            String category,
            String sha256,
            boolean starred) {
        this(fileId, ownerId, filename, folderId, fileSize, mimeType, category, sha256, starred, null, null);
    }
}
