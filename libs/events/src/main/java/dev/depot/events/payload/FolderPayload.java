package dev.depot.events.payload;

import java.util.UUID;

/**
 * Data of the folder.* events. For trashed/restored/deleted, {@code folders} and {@code files}
 * count what the operation took with it (the folder included).
 */
public record FolderPayload(
        UUID folderId, UUID ownerId, String name, UUID parentId, String path, Integer folders, Integer files) {}
