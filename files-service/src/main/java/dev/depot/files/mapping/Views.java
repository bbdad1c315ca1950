package dev.depot.files.mapping;

import dev.depot.files.Folder;
import dev.depot.files.StoredFile;
import dev.depot.files.service.FolderService.Contents;
import dev.depot.common.web.Page;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** How folders and files look on the wire: the seed's models in snake_case. */
public final class Views {

    private Views() {
    }

    public record FolderView(UUID id, String name, UUID parent, UUID owner, String path, boolean isRoot,
            boolean isStarred, boolean isTrashed, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /**
     * A file as its owner (or someone it is shared with) sees it. thumbnail_url and preview_url lead to
     * the images processing-worker made (null until there are any); width to text_preview are what it
     * read from the content. storage_path is the content-addressed key of its bytes (SHA-256), null for a
     * file registered with bytes hosted elsewhere.
     */
    public record FileView(UUID id, String filename, String originalFilename, UUID folder, long fileSize,
            String mimeType, String fileExtension, String category, String sha256, String cdnUrl,
            String thumbnailUrl, String previewUrl, boolean isProcessed, String processingStatus,
            String processingError, Integer width, Integer height, OffsetDateTime takenAt, Integer pageCount,
            String textPreview, boolean isStarred, boolean isTrashed, OffsetDateTime createdAt,
            OffsetDateTime updatedAt, OffsetDateTime lastAccessed, String folderName, UUID owner,
            String storagePath) {
    }

    public record ContentsView(FolderView folder, List<FolderView> folders, Page<FileView> files) {
    }

    public static FolderView folder(Folder f) {
        return new FolderView(f.id, f.root ? "root" : f.name, f.parentId, f.ownerId, f.path, f.root, f.starred,
                f.isTrashed(), f.createdAt, f.updatedAt);
    }

    public static FileView file(StoredFile f) {
        return file(f, null);
    }

    public static FileView file(StoredFile f, String folderName) {
        return new FileView(f.id, f.filename, f.originalFilename, f.folderId, f.fileSize, f.mimeType,
                f.fileExtension, f.category, f.sha256, f.cdnUrl, derivedUrl(f, f.thumbnailSha256, "thumbnail"),
                derivedUrl(f, f.previewSha256, "preview"), f.processed, f.processingStatus, f.processingError,
                f.mediaWidth, f.mediaHeight, f.takenAt, f.pageCount, f.textPreview, f.starred, f.trashedAt != null,
                f.createdAt, f.updatedAt, f.lastAccessed, folderName, f.ownerId, f.storagePath);
    }

    /** The file's thumbnail URL as its view shows it; null until processing-worker made one. */
    public static String thumbnailUrl(StoredFile f) {
        return derivedUrl(f, f.thumbnailSha256, "thumbnail");
    }

    /** /api/cdn/files/{id}/thumbnail/ or .../preview/ once the image exists; null before. */
    private static String derivedUrl(StoredFile f, String sha256, String kind) {
        return sha256 == null ? null : "/api/cdn/files/" + f.id + "/" + kind + "/";
    }

    public static ContentsView contents(Contents c) {
        return new ContentsView(folder(c.folder()), c.folders().stream().map(Views::folder).toList(),
                c.files().map(Views::file));
    }

    /** A folder as someone it is shared with sees it: no owner, no path above the share's root. */
    public record SharedFolderView(UUID id, String name, UUID parentId, OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {
    }

    /** A file as someone it is shared with sees it: no owner, storage path or hashes. */
    public record SharedFileView(UUID id, String filename, long fileSize, String mimeType, OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {
    }

    public record SharedContentsView(SharedFolderView folder, List<SharedFolderView> folders, Page<SharedFileView> files) {
    }

    /** The folder of a share's answer; its parent is left out when it is the share's root. */
    public static SharedFolderView sharedFolder(Folder f, UUID shareRoot) {
        return new SharedFolderView(f.id, f.root ? "root" : f.name, f.id.equals(shareRoot) ? null : f.parentId,
                f.createdAt, f.updatedAt);
    }

    public static SharedFileView sharedFile(StoredFile f) {
        return new SharedFileView(f.id, f.filename, f.fileSize, f.mimeType, f.createdAt, f.updatedAt);
    }

    public static SharedContentsView sharedContents(Contents c, UUID shareRoot) {
        return new SharedContentsView(sharedFolder(c.folder(), shareRoot),
                c.folders().stream().map(f -> sharedFolder(f, shareRoot)).toList(), c.files().map(Views::sharedFile));
    }

    /** {"success": true, "starred": true, "message": "..."}, as the Arkive doc answers toggles. */
    public record Toggle(boolean success, boolean starred, String message) {
    }

    public record Done(boolean success, String message) {
    }
}
