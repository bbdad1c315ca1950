package dev.depot.analytics;

import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A file as its events describe it, with how often it was accessed. */
public record FileStat(
        UUID fileId,
        UUID ownerId,
        String filename,
        UUID folderId,
        long fileSize,
        String mimeType,
        String category,
        boolean starred,
        boolean trashed,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        long downloads,
        long shareViews,
        long shareDownloads,
        OffsetDateTime lastAccessedAt) {

    public static final String COLUMNS = "f.file_id, f.owner_id, f.filename, f.folder_id, f.file_size, f.mime_type, "
            + "f.category, f.starred, f.state, f.created_at, f.meta_at, f.downloads, f.share_views, f.share_downloads, "
            + "f.last_accessed_at";

    /** Reads {@link #COLUMNS}, plus {@code in_trash} where the query worked it out from the folders. */
    public static FileStat of(Row r) {
        boolean trashed = "trashed".equals(r.getString("state"))
                || (r.getColumnIndex("in_trash") >= 0 && Boolean.TRUE.equals(r.getBoolean("in_trash")));
        return new FileStat(
                r.getUUID("file_id"),
                r.getUUID("owner_id"),
                r.getString("filename"),
                r.getUUID("folder_id"),
                r.getLong("file_size"),
                r.getString("mime_type"),
                r.getString("category"),
                r.getBoolean("starred"),
                trashed,
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("meta_at"),
                r.getLong("downloads"),
                r.getLong("share_views"),
                r.getLong("share_downloads"),
                r.getOffsetDateTime("last_accessed_at"));
    }
}
