package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.common.web.PageRequest;
import dev.depot.files.Folder;
import dev.depot.files.Level;
import dev.depot.files.StoredFile;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.FolderRepository;
import dev.depot.files.service.FolderService.Contents;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What sharing-service asks files-service about shared things: their state, owner and the asker's
 * access, and, for the holder of a share, what lies inside its root and nothing beyond it.
 */
@ApplicationScoped
public class ShareAccessService {

    public static final int MAX_LOOKUP = 200;

    /** How a share names its root: a file or a folder. */
    public enum Kind {
        FILE,
        FOLDER;

        /** "file" or "folder"; 400 for anything else. */
        public static Kind of(String field, String value) {
            if ("file".equals(value)) {
                return FILE;
            }
            if ("folder".equals(value)) {
                return FOLDER;
            }
            throw ApiException.validation(field + " must be file or folder", Map.of(field, "must be file or folder"));
        }

        public String key() {
            return this == FILE ? "file" : "folder";
        }
    }

    public record Item(Kind kind, UUID id) {}

    /**
     * One lookup answer; for a gone resource only kind, id and state. {@code viaShareId}: when the access
     * is admin, the share whose grant gives it (sharing-service records re-shares as made through it).
     */
    public record Resolved(
            Kind kind,
            UUID id,
            String state,
            UUID ownerId,
            String name,
            Long size,
            String mimeType,
            UUID parentId,
            String path,
            Level access,
            UUID viaShareId) {}

    private final FileRepository files;
    private final FolderRepository folders;
    private final FolderService folderService;
    private final DownloadService downloads;
    private final Access access;

    public ShareAccessService(
            FileRepository files,
            FolderRepository folders,
            FolderService folderService,
            DownloadService downloads,
            Access access) {
        this.files = files;
        this.folders = folders;
        this.folderService = folderService;
        this.downloads = downloads;
        this.access = access;
    }

    /** Each item's state (live, trashed, gone) and, for a live one, {@code userId}'s level; in order. */
    @WithSession
    public Uni<List<Resolved>> lookup(List<Item> items, UUID userId) {
        List<UUID> fileIds = items.stream()
                .filter(i -> i.kind() == Kind.FILE)
                .map(Item::id)
                .distinct()
                .toList();
        List<UUID> folderIds = items.stream()
                .filter(i -> i.kind() == Kind.FOLDER)
                .map(Item::id)
                .distinct()
                .toList();
        Uni<Map<UUID, StoredFile>> fileRows = fileIds.isEmpty()
                ? Uni.createFrom().item(Map.of())
                : files.list("id in ?1", fileIds)
                        .map(l -> l.stream().collect(Collectors.toMap(f -> f.id, Function.identity())));
        Uni<Map<UUID, Folder>> folderRows = folderIds.isEmpty()
                ? Uni.createFrom().item(Map.of())
                : folders.list("id in ?1", folderIds)
                        .map(l -> l.stream().collect(Collectors.toMap(f -> f.id, Function.identity())));
        // One after another: a reactive session runs one query at a time.
        return fileRows.chain(fs -> folderRows.chain(ds -> Multi.createFrom()
                .iterable(items)
                .onItem()
                .transformToUniAndConcatenate(item -> item.kind() == Kind.FILE
                        ? resolve(fs.get(item.id()), item, userId)
                        : resolve(ds.get(item.id()), item, userId))
                .collect()
                .asList()));
    }

    private Uni<Resolved> resolve(StoredFile f, Item item, UUID userId) {
        if (f == null) {
            return Uni.createFrom().item(gone(item));
        }
        return access.levelOf(userId, f).chain(level -> (level == Level.ADMIN
                        ? access.adminShareOf(userId, f)
                        : Uni.createFrom().<UUID>nullItem())
                .map(via -> new Resolved(
                        Kind.FILE,
                        f.id,
                        state(f.trashedAt),
                        f.ownerId,
                        f.filename,
                        f.fileSize,
                        f.mimeType,
                        f.folderId,
                        null,
                        level,
                        via)));
    }

    private Uni<Resolved> resolve(Folder d, Item item, UUID userId) {
        if (d == null) {
            return Uni.createFrom().item(gone(item));
        }
        return access.levelOf(userId, d).chain(level -> (level == Level.ADMIN
                        ? access.adminShareOf(userId, d)
                        : Uni.createFrom().<UUID>nullItem())
                .map(via -> new Resolved(
                        Kind.FOLDER,
                        d.id,
                        state(d.trashedAt),
                        d.ownerId,
                        d.root ? "root" : d.name,
                        null,
                        null,
                        d.parentId,
                        d.path,
                        level,
                        via)));
    }

    private static Resolved gone(Item item) {
        return new Resolved(item.kind(), item.id(), "gone", null, null, null, null, null, null, null, null);
    }

    private static String state(Object trashedAt) {
        return trashedAt == null ? "live" : "trashed";
    }

    /**
     * The live contents of {@code folderId} (the root itself when null), which must be the live root
     * or a live folder below it; 404 otherwise.
     */
    @WithSession
    public Uni<Contents> contents(UUID rootId, UUID folderId, PageRequest page) {
        UUID target = folderId == null ? rootId : folderId;
        return liveFolderWithin(rootId, target)
                .chain(folder -> folderService.contents(folder.ownerId, folder.id, page));
    }

    /** A live file that is the shared root, or lies in the shared folder's live subtree; 404 otherwise. */
    @WithSession
    public Uni<StoredFile> file(Kind rootKind, UUID rootId, UUID fileId) {
        return files.find("id = ?1 and trashedAt is null", fileId)
                .<StoredFile>firstResult()
                .chain(file -> {
                    if (file == null) {
                        return Uni.createFrom().failure(ApiException.notFound("file " + fileId));
                    }
                    if (rootKind == Kind.FILE) {
                        return file.id.equals(rootId)
                                ? Uni.createFrom().item(file)
                                : Uni.createFrom().failure(ApiException.notFound("file " + fileId));
                    }
                    return folders.liveWithin(rootId, file.folderId).map(inside -> {
                        if (!inside) {
                            throw ApiException.notFound("file " + fileId);
                        }
                        return file;
                    });
                });
    }

    /**
     * A download link for a file inside a share, counted as a download; the path is relative to the
     * public root ("/cdn/..."), for sharing-service to hand on.
     */
    public Uni<DownloadService.Link> link(Kind rootKind, UUID rootId, UUID fileId) {
        return file(rootKind, rootId, fileId).chain(f -> downloads.link(f.ownerId, f.id, URI.create("/")));
    }

    private Uni<Folder> liveFolderWithin(UUID rootId, UUID target) {
        return folders.find("id = ?1 and trashedAt is null", target)
                .<Folder>firstResult()
                .chain(folder -> {
                    if (folder == null) {
                        return Uni.createFrom().failure(ApiException.notFound("folder " + target));
                    }
                    if (folder.id.equals(rootId)) {
                        return Uni.createFrom().item(folder);
                    }
                    return folders.liveWithin(rootId, target).map(inside -> {
                        if (!inside) {
                            throw ApiException.notFound("folder " + target);
                        }
                        return folder;
                    });
                });
    }
}
