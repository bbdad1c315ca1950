package dev.depot.events.payload;

import java.util.UUID;

/** Data of the file.* events: the file as it is after the change. */
public record FilePayload(UUID fileId, UUID ownerId, String filename, UUID folderId, long fileSize,
        String mimeType, String category, String sha256, boolean starred) {
}
