package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.common.error.Failures;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.events.EventTypes;
import dev.depot.files.Folder;
import dev.depot.files.Names;
import dev.depot.files.StoredFile;
import dev.depot.files.messaging.FilesEvents;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.FolderRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The folder tree: create, rename, move, star, trash; paths kept right for whole subtrees. */
@ApplicationScoped
public class FolderService {

    private final FolderRepository folders;
    private final FileRepository files;
    private final FilesEvents events;

    public FolderService(FolderRepository folders, FileRepository files, FilesEvents events) {
        this.folders = folders;
        this.files = files;
        this.events = events;
    }

    /** A folder with its immediate live contents. */
    public record Contents(Folder folder, List<Folder> folders, Page<StoredFile> files) {
    }

    /** The user's root, made on first use; two first uses at once still make one, without a failure. */
    public Uni<Folder> root(UUID ownerId) {
        return folders.root(ownerId).chain(found -> found != null ? Uni.createFrom().item(found)
                : folders.insertRootIfAbsent(newFolder(ownerId, null, "", "/", true))
                        .chain(() -> folders.root(ownerId)));
    }

    /** The id of the user's root (made on first use), for callers outside a session. */
    @WithSession
    public Uni<UUID> rootId(UUID ownerId) {
        return root(ownerId).map(f -> f.id);
    }

    @WithTransaction
    public Uni<Folder> create(UUID ownerId, String rawName, UUID parentId) {
        String name = Names.check("name", rawName);
        Uni<Folder> parent = folders.lockTree(ownerId).chain(() -> parentId == null ? root(ownerId)
                : folders.findLive(ownerId, parentId).onItem().ifNull()
                        .failWith(() -> ApiException.notFound("folder " + parentId)));
        return parent.chain(p -> folders.nameTaken(ownerId, p.id, name, null).chain(taken -> {
            if (taken) {
                return Uni.createFrom().failure(nameConflict(name));
            }
            return folders.persistAndFlush(newFolder(ownerId, p.id, name, p.childPath(name), false));
        })).onFailure(Failures::isUniqueViolation).transform(e -> nameConflict(name))
                .call(f -> events.folder(EventTypes.FOLDER_CREATED, f));
    }

    @WithSession
    public Uni<Folder> get(UUID ownerId, UUID id) {
        return folders.findOwned(ownerId, id).onItem().ifNull().failWith(() -> ApiException.notFound("folder " + id));
    }

    @WithSession
    public Uni<Page<Folder>> list(UUID ownerId, UUID parentId, Boolean starred, PageRequest page, UriInfo uri) {
        StringBuilder q = new StringBuilder("ownerId = :owner and trashedAt is null and root = false");
        Parameters p = Parameters.with("owner", ownerId);
        if (parentId != null) {
            q.append(" and parentId = :parent");
            p.and("parent", parentId);
        }
        if (starred != null) {
            q.append(" and starred = :starred");
            p.and("starred", starred);
        }
        var query = folders.find(q.toString(), Sort.ascending("path").and("id"), p);
        return page.fetch(query, uri);
    }

    /**
     * Every folder below a parent (404 unless it is the owner's), below the root when there is none;
     * starred or trashed ones are looked for in the whole drive when no parent is named. No paging.
     */
    @WithSession
    public Uni<List<Folder>> listAll(UUID ownerId, UUID parentId, boolean starredOnly, boolean trashed) {
        Uni<UUID> parent = parentId != null
                ? folders.findOwned(ownerId, parentId).onItem().ifNull()
                        .failWith(() -> ApiException.notFound("folder " + parentId)).map(f -> f.id)
                : starredOnly || trashed ? Uni.createFrom().nullItem() : root(ownerId).map(f -> f.id);
        return parent.chain(id -> folders.listed(ownerId, id, starredOnly, trashed));
    }

    /**
     * Rename and/or move. Moving into itself or below itself is 400; a sibling with the name is 409.
     * Everything is read after the owner's tree lock, so the checks see what the write will change.
     */
    @WithTransaction
    public Uni<Folder> update(UUID ownerId, UUID id, String rawName, UUID newParentId) {
        return folders.lockTree(ownerId).chain(() -> folders.findLive(ownerId, id)).onItem().ifNull().failWith(() -> ApiException.notFound("folder " + id))
                .chain(folder -> {
                    if (folder.root && (rawName != null || newParentId != null)) {
                        return Uni.createFrom().failure(ApiException.validation("the root folder cannot be renamed or moved"));
                    }
                    String name = rawName == null ? folder.name : Names.check("name", rawName);
                    boolean moving = newParentId != null && !newParentId.equals(folder.parentId);
                    boolean renaming = !name.equals(folder.name);
                    if (!moving && !renaming) {
                        return Uni.createFrom().item(folder);
                    }
                    Uni<Folder> target = !moving ? folders.findById(folder.parentId)
                            : folders.findLive(ownerId, newParentId).onItem().ifNull()
                                    .failWith(() -> ApiException.notFound("folder " + newParentId))
                                    .call(p -> folders.subtreeContains(folder.id, p.id).invoke(inside -> {
                                        if (inside) {
                                            throw ApiException.validation("a folder cannot be moved into itself or a folder inside it",
                                                    Map.of("parent", "is inside the folder being moved"));
                                        }
                                    }));
                    return target.chain(parent -> folders.nameTaken(ownerId, parent.id, name, folder.id).chain(taken -> {
                        if (taken) {
                            return Uni.createFrom().failure(nameConflict(name));
                        }
                        folder.name = name;
                        folder.parentId = parent.id;
                        folder.path = parent.childPath(name);
                        folder.updatedAt = now();
                        return folders.flush()
                                .chain(() -> folders.rewriteDescendantPaths(folder.id))
                                .call(() -> renaming ? events.folder(EventTypes.FOLDER_RENAMED, folder) : Uni.createFrom().voidItem())
                                .call(() -> moving ? events.folder(EventTypes.FOLDER_MOVED, folder) : Uni.createFrom().voidItem())
                                .replaceWith(folder);
                    }));
                }).onFailure(Failures::isUniqueViolation).transform(e -> nameConflict(rawName));
    }

    /** Moves the folder and everything live below it to the trash, remembering what it took. */
    @WithTransaction
    public Uni<Void> trash(UUID ownerId, UUID id) {
        return folders.lockTree(ownerId).chain(() -> folders.findLive(ownerId, id)).onItem().ifNull().failWith(() -> ApiException.notFound("folder " + id))
                .chain(folder -> {
                    if (folder.root) {
                        return Uni.createFrom().failure(ApiException.validation("the root folder cannot be deleted"));
                    }
                    OffsetDateTime now = now();
                    return folders.trashFilesOfSubtree(folder.id, now)
                            .chain(fileCount -> folders.trashSubtree(folder.id, now)
                                    .call(folderCount -> events.folder(EventTypes.FOLDER_TRASHED, folder, folderCount, fileCount)))
                            .replaceWithVoid();
                });
    }

    @WithTransaction
    public Uni<Boolean> toggleStar(UUID ownerId, UUID id) {
        return folders.findLive(ownerId, id).onItem().ifNull().failWith(() -> ApiException.notFound("folder " + id))
                .map(folder -> {
                    folder.starred = !folder.starred;
                    folder.updatedAt = now();
                    return folder.starred;
                });
    }

    /** The folder (the root when {@code id} is null) and what is directly in it. */
    @WithSession
    public Uni<Contents> contents(UUID ownerId, UUID id, PageRequest page, UriInfo uri) {
        Uni<Folder> folder = id == null ? root(ownerId)
                : folders.findLive(ownerId, id).onItem().ifNull().failWith(() -> ApiException.notFound("folder " + id));
        return folder.chain(f -> folders.liveChildren(ownerId, f.id).chain(children -> {
            var query = files.liveOf(ownerId, new FileRepository.Filter(f.id, null, null, null),
                    Sort.ascending("filename").and("id"));
            return page.fetch(query, uri).map(list -> new Contents(f, children, list));
        }));
    }

    /** A folder with all its immediate live contents, unpaged (the HackClub folder views). */
    public record AllContents(Folder folder, List<Folder> folders, List<StoredFile> files) {
    }

    /** As {@link #contents} but every file directly in the folder, by name. */
    @WithSession
    public Uni<AllContents> allContents(UUID ownerId, UUID id) {
        Uni<Folder> folder = id == null ? root(ownerId)
                : folders.findLive(ownerId, id).onItem().ifNull().failWith(() -> ApiException.notFound("folder " + id));
        return folder.chain(f -> folders.liveChildren(ownerId, f.id).chain(children -> files
                .liveOf(ownerId, new FileRepository.Filter(f.id, null, null, null), Sort.ascending("filename").and("id"))
                .list().map(list -> new AllContents(f, children, list))));
    }

    static Folder newFolder(UUID ownerId, UUID parentId, String name, String path, boolean root) {
        OffsetDateTime now = now();
        Folder f = new Folder();
        f.id = UUID.randomUUID();
        f.ownerId = ownerId;
        f.parentId = parentId;
        f.name = name;
        f.path = path;
        f.root = root;
        f.createdAt = now;
        f.updatedAt = now;
        return f;
    }

    static ApiException nameConflict(String name) {
        return ApiException.conflict("a folder or file named '" + name + "' already exists here",
                Map.of("name", "already exists in this folder"));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
