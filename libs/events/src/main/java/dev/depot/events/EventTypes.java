package dev.depot.events;

/** CloudEvents {@code type} values. Webhook subscriptions use the same names. */
public final class EventTypes {
    public static final String USER_REGISTERED = "user.registered";
    public static final String USER_LOGGED_IN = "user.logged_in";

    public static final String FOLDER_CREATED = "folder.created";
    public static final String FOLDER_RENAMED = "folder.renamed";
    public static final String FOLDER_MOVED = "folder.moved";
    public static final String FOLDER_TRASHED = "folder.trashed";
    public static final String FOLDER_RESTORED = "folder.restored";
    public static final String FOLDER_DELETED = "folder.deleted";

    public static final String FILE_UPLOADED = "file.uploaded";
    public static final String FILE_REGISTERED = "file.registered";
    public static final String FILE_UPDATED = "file.updated";
    public static final String FILE_MOVED = "file.moved";
    public static final String FILE_STARRED = "file.starred";
    public static final String FILE_TRASHED = "file.trashed";
    public static final String FILE_RESTORED = "file.restored";
    public static final String FILE_DELETED = "file.deleted";
    public static final String FILE_DOWNLOADED = "file.downloaded";
    /** The owner asked for thumbnails and previews to be made again. */
    public static final String FILE_REPROCESS_REQUESTED = "file.reprocess_requested";

    public static final String STORAGE_LIMIT_REACHED = "storage.limit_reached";
    /** A file was passed through to the external upload host (POST /api/cdn/upload-0x0/, to 0x0.st). */
    public static final String EXTERNAL_UPLOADED = "external.uploaded";

    public static final String SHARE_CREATED = "share.created";
    public static final String SHARE_UPDATED = "share.updated";
    public static final String SHARE_REVOKED = "share.revoked";
    public static final String SHARE_ACCESSED = "share.accessed";

    public static final String PROCESSING_STARTED = "processing.started";
    public static final String PROCESSING_COMPLETED = "processing.completed";
    public static final String PROCESSING_FAILED = "processing.failed";

    private EventTypes() {}
}
