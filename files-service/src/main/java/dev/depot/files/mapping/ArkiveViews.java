package dev.depot.files.mapping;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.depot.files.Category;
import dev.depot.files.Folder;
import dev.depot.files.StoredFile;
import dev.depot.files.service.QuotaService.CategoryUsage;
import dev.depot.files.service.QuotaService.Summary;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How files and folders look on the Arkive-compatible routes (/api/files, /api/folders, ...): camelCase,
 * whatever the service's global snake_case, with dates as "2025-12-17T10:30:00.000Z". Arkive has no
 * visible root folder, so the user's root shows as a null folderId or parentId.
 */
public final class ArkiveViews {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    /** Arkive's four storage categories; Depot's audio and archives count as others there. */
    private static final List<Category> STORAGE_CATEGORIES =
            List.of(Category.DOCUMENTS, Category.IMAGES, Category.VIDEOS, Category.OTHERS);

    private ArkiveViews() {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record FileView(
            UUID id,
            String name,
            String url,
            String thumbnailUrl,
            long size,
            String mimetype,
            UUID ownerId,
            UUID folderId,
            boolean starred,
            boolean trashed,
            String createdAt,
            String updatedAt) {}

    /** A search hit: the file and the name of the folder it is in (null in the root). */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record FoundFileView(
            UUID id,
            String name,
            String url,
            String thumbnailUrl,
            long size,
            String mimetype,
            UUID ownerId,
            UUID folderId,
            String folderName,
            boolean starred,
            boolean trashed,
            String createdAt,
            String updatedAt) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record FolderView(
            UUID id,
            String name,
            UUID ownerId,
            UUID parentId,
            boolean starred,
            boolean trashed,
            String createdAt,
            String updatedAt) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record FileResult(boolean success, FileView file) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record FolderResult(boolean success, FolderView folder) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record RecentFiles(List<FileView> files) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record Starred(boolean success, boolean starred, String message) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record Trashed(boolean success, boolean trashed, String message) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record Done(boolean success, String message) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record FolderUploaded(boolean success, UUID folderId, String folderName, int filesUploaded) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record TrashEmptied(boolean success, int deletedFiles, int deletedFolders, String message) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record SearchResults(List<FoundFileView> files, List<FolderView> folders) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record CategoryView(String type, String name, long size, long count, String lastUpdate) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record StorageView(long totalUsed, long totalAvailable, int percentageUsed, List<CategoryView> categories) {}

    /** The file; {@code url} is its download URL, {@code rootId} its owner's root folder. */
    public static FileView file(StoredFile f, UUID rootId, String url) {
        return new FileView(
                f.id,
                f.filename,
                url,
                Views.thumbnailUrl(f),
                f.fileSize,
                f.mimeType,
                f.ownerId,
                orNull(f.folderId, rootId),
                f.starred,
                f.trashedAt != null,
                time(f.createdAt),
                time(f.updatedAt));
    }

    public static FoundFileView found(StoredFile f, String folderName, UUID rootId, String url) {
        boolean inRoot = f.folderId.equals(rootId);
        return new FoundFileView(
                f.id,
                f.filename,
                url,
                Views.thumbnailUrl(f),
                f.fileSize,
                f.mimeType,
                f.ownerId,
                inRoot ? null : f.folderId,
                inRoot ? null : folderName,
                f.starred,
                f.trashedAt != null,
                time(f.createdAt),
                time(f.updatedAt));
    }

    public static FolderView folder(Folder f, UUID rootId) {
        return new FolderView(
                f.id,
                f.name,
                f.ownerId,
                orNull(f.parentId, rootId),
                f.starred,
                f.isTrashed(),
                time(f.createdAt),
                time(f.updatedAt));
    }

    /** Depot's breakdown in Arkive's four categories, each listed even when empty. */
    public static StorageView storage(Summary s) {
        Map<String, CategoryUsage> byType =
                s.categories().stream().collect(Collectors.toMap(CategoryUsage::type, Function.identity()));
        List<CategoryView> categories = STORAGE_CATEGORIES.stream()
                .map(c -> {
                    List<CategoryUsage> parts = c == Category.OTHERS
                            ? List.of(Category.OTHERS, Category.AUDIO, Category.ARCHIVES).stream()
                                    .map(o -> byType.get(o.key()))
                                    .filter(java.util.Objects::nonNull)
                                    .toList()
                            : byType.containsKey(c.key()) ? List.of(byType.get(c.key())) : List.of();
                    long size = parts.stream().mapToLong(CategoryUsage::size).sum();
                    long count = parts.stream().mapToLong(CategoryUsage::count).sum();
                    OffsetDateTime last = parts.stream()
                            .map(CategoryUsage::lastUpdate)
                            .filter(java.util.Objects::nonNull)
                            .max(OffsetDateTime::compareTo)
                            .orElse(null);
                    return new CategoryView(c.key(), c.label(), size, count, time(last));
                })
                .toList();
        return new StorageView(s.totalUsed(), s.totalAvailable(), s.percentageUsed(), categories);
    }

    /** "2025-12-17T10:30:00.000Z": UTC, milliseconds. */
    static String time(OffsetDateTime t) {
        return t == null ? null : ISO_MILLIS.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static UUID orNull(UUID id, UUID rootId) {
        return id == null || id.equals(rootId) ? null : id;
    }
}
