package dev.depot.files.mapping;

import dev.depot.common.web.HumanSize;
import dev.depot.common.web.Page;
import dev.depot.files.Account;
import dev.depot.files.DerivedImage;
import dev.depot.files.Folder;
import dev.depot.files.StoredFile;
import dev.depot.files.service.FolderService.Contents;
import dev.depot.files.service.ViewDetails.Details;
import dev.depot.files.storage.SignedLinks;
import dev.depot.filesapi.SharedContents;
import dev.depot.filesapi.SharedFile;
import dev.depot.filesapi.SharedFilesPage;
import dev.depot.filesapi.SharedFolder;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** How folders and files look on the wire: the fields CDN clients read, in snake_case. */
public final class Views {

    private Views() {}

    /**
     * A user as CDN clients show one, as files-service learnt them from auth-service's events
     * (all but the id null until it has).
     */
    public record UserView(UUID id, String username, String email, String fullName, String profilePicture) {}

    /**
     * children_count and files_count are what is live directly inside; full_path is {@code path}
     * under the name CDN clients read it by.
     */
    public record FolderView(
            UUID id,
            String name,
            UUID parent,
            UUID owner,
            UserView ownerDetail,
            String path,
            String fullPath,
            boolean isRoot,
            boolean isStarred,
            boolean isTrashed,
            long childrenCount,
            long filesCount,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    /** An earlier content of a file; created_by is the file's owner, whose quota holds it. */
    public record VersionView(
            UUID id,
            int versionNumber,
            long fileSize,
            String fileSizeHuman,
            UUID createdBy,
            UserView createdByDetail,
            OffsetDateTime createdAt) {}

    /**
     * A file as its owner (or someone it is shared with) sees it. thumbnail_url and preview_url lead to
     * the images processing-worker made (null until there are any); width to text_preview are what it
     * read from the content. storage_path is the content-addressed key of its bytes (SHA-256), null for a
     * file registered with bytes hosted elsewhere. versions are the earlier contents, newest first.
     */
    public record FileView(
            UUID id,
            String filename,
            String originalFilename,
            UUID folder,
            FolderView folderDetail,
            long fileSize,
            String fileSizeHuman,
            String mimeType,
            String fileExtension,
            String category,
            String sha256,
            String cdnUrl,
            String thumbnailUrl,
            String previewUrl,
            boolean isProcessed,
            String processingStatus,
            String processingError,
            Integer width,
            Integer height,
            OffsetDateTime takenAt,
            Integer pageCount,
            String textPreview,
            boolean isStarred,
            boolean isTrashed,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            OffsetDateTime lastAccessed,
            String folderName,
            UUID owner,
            UserView ownerDetail,
            String storagePath,
            List<VersionView> versions,
            int versionsCount) {}

    /** GET /api/cdn/folders/{id}/contents/: everything directly in the folder, unpaged. */
    public record ContentsView(FolderView folder, List<FolderView> folders, List<FileView> files) {}

    /** GET /api/cdn/folders/root/: as {@link ContentsView}, the root also under root_folder. */
    public record RootView(FolderView rootFolder, FolderView folder, List<FolderView> folders, List<FileView> files) {}

    public static UserView user(UUID id, Details d) {
        Account a = d.accounts().get(id);
        return a == null
                ? new UserView(id, null, null, null, null)
                : new UserView(id, a.username, a.email, a.displayName, a.avatarUrl);
    }

    public static FolderView folder(Folder f, Details d) {
        return new FolderView(
                f.id,
                f.root ? "root" : f.name,
                f.parentId,
                f.ownerId,
                user(f.ownerId, d),
                f.path,
                f.path,
                f.root,
                f.starred,
                f.isTrashed(),
                d.childCounts().getOrDefault(f.id, 0L),
                d.fileCounts().getOrDefault(f.id, 0L),
                f.createdAt,
                f.updatedAt);
    }

    public static FileView file(StoredFile f, Details d) {
        return file(f, null, d);
    }

    /** The file's view; folder_name is the folder's when not given. */
    public static FileView file(StoredFile f, String folderName, Details d) {
        Folder folder = d.folders().get(f.folderId);
        List<VersionView> versions = d.versions().getOrDefault(f.id, List.of()).stream()
                .map(v -> new VersionView(
                        v.id,
                        v.version,
                        v.fileSize,
                        HumanSize.of(v.fileSize),
                        v.ownerId,
                        user(v.ownerId, d),
                        v.createdAt))
                .toList();
        String shownFolderName =
                folderName != null ? folderName : folder == null ? null : folder.root ? "root" : folder.name;
        return new FileView(
                f.id,
                f.filename,
                f.originalFilename,
                f.folderId,
                folder == null ? null : folder(folder, d),
                f.fileSize,
                HumanSize.of(f.fileSize),
                f.mimeType,
                f.fileExtension,
                f.category,
                f.sha256,
                d.cdnUrls().getOrDefault(f.id, f.cdnUrl),
                derivedUrl(f, f.thumbnailSha256, "thumbnail"),
                derivedUrl(f, f.previewSha256, "preview"),
                f.processed,
                f.processingStatus,
                f.processingError,
                f.mediaWidth,
                f.mediaHeight,
                f.takenAt,
                f.pageCount,
                f.textPreview,
                f.starred,
                f.trashedAt != null,
                f.createdAt,
                f.updatedAt,
                f.lastAccessed,
                shownFolderName,
                f.ownerId,
                user(f.ownerId, d),
                f.storagePath,
                versions,
                versions.size());
    }

    /** The file's thumbnail URL as its view shows it; null until processing-worker made one. */
    public static String thumbnailUrl(StoredFile f) {
        return derivedUrl(f, f.thumbnailSha256, "thumbnail");
    }

    /** /api/cdn/files/{id}/thumbnail/ or .../preview/ once the image exists; null before. */
    private static String derivedUrl(StoredFile f, String sha256, String kind) {
        return sha256 == null ? null : "/api/cdn/files/" + f.id + "/" + kind + "/";
    }

    public static ContentsView contents(Folder folder, List<Folder> folders, List<StoredFile> files, Details d) {
        return new ContentsView(
                folder(folder, d),
                folders.stream().map(f -> folder(f, d)).toList(),
                files.stream().map(f -> file(f, d)).toList());
    }

    /** The folder of a share's answer; its parent is left out when it is the share's root. */
    public static SharedFolder sharedFolder(Folder f, UUID shareRoot) {
        return new SharedFolder(
                f.id, f.root ? "root" : f.name, f.id.equals(shareRoot) ? null : f.parentId, f.createdAt, f.updatedAt);
    }

    /** {@code exp}: when its rendition URLs stop working (SignedLinks#renditionExpiry). */
    public static SharedFile sharedFile(StoredFile f, SignedLinks links, long exp) {
        return new SharedFile(
                f.id,
                f.filename,
                f.fileSize,
                f.mimeType,
                f.createdAt,
                f.updatedAt,
                links.rendition(f, DerivedImage.THUMBNAIL, exp),
                links.rendition(f, DerivedImage.PREVIEW, exp),
                f.mediaWidth,
                f.mediaHeight,
                f.pageCount,
                f.textPreview,
                f.processingStatus);
    }

    /** {@code filesPage}: the page of {@code c}'s files, with its links. */
    public static SharedContents sharedContents(
            Contents c, Page<StoredFile> filesPage, UUID shareRoot, SignedLinks links) {
        long exp = links.renditionExpiry();
        Page<SharedFile> files = filesPage.map(f -> sharedFile(f, links, exp));
        return new SharedContents(
                sharedFolder(c.folder(), shareRoot),
                c.folders().stream().map(f -> sharedFolder(f, shareRoot)).toList(),
                new SharedFilesPage(files.count(), files.next(), files.previous(), files.results()));
    }

    /** {"success": true, "starred": true, "message": "..."}, as the Arkive-compatible API answers toggles. */
    public record Toggle(boolean success, boolean starred, String message) {}

    public record Done(boolean success, String message) {}
}
