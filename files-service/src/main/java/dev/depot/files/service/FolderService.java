package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.common.error.Failures;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PageResults;
import dev.depot.events.EventTypes;
import dev.depot.files.Folder;
import dev.depot.files.Level;
import dev.depot.files.Names;
import dev.depot.files.StoredFile;
import dev.depot.files.messaging.outgoing.FilesEvents;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.FolderRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The folder tree: create, rename, move, star, trash; paths kept right for whole subtrees. */
@ApplicationScoped
public class FolderService {

    private final FolderRepository folders;
    private final FileRepository files;
    private final FilesEvents events;
    private final Access access;
    private final Clock clock;

    public FolderService(
            FolderRepository folders, FileRepository files, FilesEvents events, Access access, Clock clock) {
        this.access = access;
        this.folders = folders;
        this.files = files;
        this.events = events;
        this.clock = clock;
    }

    /** A folder with its immediate live contents. */
    public record Contents(Folder folder, List<Folder> folders, PageResults<StoredFile> files) {}

    /** The user's root, made on first use; two first uses at once still make one, without a failure. */
    public Uni<Folder> root(UUID ownerId) {
        return folders.root(ownerId)
                .chain(found -> found != null
                        ? Uni.createFrom().item(found)
                        : folders.insertRootIfAbsent(newFolder(ownerId, null, "", "/", true))
                                .chain(() -> folders.root(ownerId)));
    }

    /** The id of the user's root (made on first use), for callers outside a session. */
    @WithSession
    public Uni<UUID> rootId(UUID ownerId) {
        return root(ownerId).map(f -> f.id);
    }

    /**
     * A new folder in the caller's root, or in a folder the caller may edit (then in its owner's
     * drive, whatever the caller).
     */
    public Uni<Folder> create(Caller caller, String rawName, UUID parentId) {
        return access.driveFor(caller, parentId).chain(owner -> createAsOwner(owner, rawName, parentId));
    }

    /** A new folder in the owner's drive, for a caller whose rights have already been checked. */
    @WithTransaction
    public Uni<Folder> createAsOwner(UUID ownerId, String rawName, UUID parentId) {
        String name = Names.check("name", rawName);
        Uni<Folder> parent = folders.lockTree(ownerId)
                .chain(() -> parentId == null
                        ? root(ownerId)
                        : folders.findLive(ownerId, parentId)
                                .onItem()
                                .ifNull()
                                .failWith(() -> ApiException.notFound("folder " + parentId)));
        return parent.chain(p -> folders.nameTaken(ownerId, p.id, name, null).chain(taken -> {
                    if (taken) {
                        return Uni.createFrom().failure(nameConflict(name));
                    }
                    return folders.persistAndFlush(newFolder(ownerId, p.id, name, p.childPath(name), false));
                }))
                .onFailure(Failures::isUniqueViolation)
                .transform(e -> nameConflict(name))
                .call(f -> events.folder(EventTypes.FOLDER_CREATED, f));
    }

    /** The folder, when the caller may view it. */
    public Uni<Folder> get(Caller caller, UUID id) {
        return access.folder(caller, id, Level.VIEW);
    }

    @WithSession
    Uni<Folder> getOwned(UUID ownerId, UUID id) {
        return folders.findOwned(ownerId, id).onItem().ifNull().failWith(() -> ApiException.notFound("folder " + id));
    }

    /** The caller's own live folders, below one parent of theirs or all of them. */
    @WithSession
    public Uni<PageResults<Folder>> list(Caller caller, UUID parentId, Boolean starred, PageRequest page) {
        UUID ownerId = caller.id();
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
        return page.fetch(query);
    }

    /**
     * Every folder below a parent (404 unless it is the owner's), below the root when there is none;
     * starred or trashed ones are looked for in the whole drive when no parent is named. No paging.
     */
    @WithSession
    public Uni<List<Folder>> listAll(Caller caller, UUID parentId, boolean starredOnly, boolean trashed) {
        UUID ownerId = caller.id();
        Uni<UUID> parent = parentId != null
                ? folders.findOwned(ownerId, parentId)
                        .onItem()
                        .ifNull()
                        .failWith(() -> ApiException.notFound("folder " + parentId))
                        .map(f -> f.id)
                : starredOnly || trashed
                        ? Uni.createFrom().nullItem()
                        : root(ownerId).map(f -> f.id);
        return parent.chain(id -> folders.listed(ownerId, id, starredOnly, trashed));
    }

    /**
     * Changes a client may make to a folder; null leaves a field as it is. {@code toRoot} moves the
     * folder to the top of its owner's drive, for clients that cannot name the root folder.
     */
    public record Change(String name, UUID parentId, boolean toRoot) {
        public Change(String name, UUID parentId) {
            this(name, parentId, false);
        }
    }

    /**
     * Rename and/or move, for a caller who may edit the folder; only its owner may move it. Whatever
     * the caller, the folder stays in its owner's drive.
     */
    public Uni<Folder> update(Caller caller, UUID id, Change change) {
        return access.folder(caller, id, Level.EDIT).chain(f -> {
            Uni<UUID> target =
                    change.toRoot() ? rootId(f.ownerId) : Uni.createFrom().item(change.parentId());
            return target.chain(parentId -> {
                boolean moving = parentId != null && !parentId.equals(f.parentId);
                if (moving && !caller.owns(f.ownerId)) {
                    return Uni.createFrom()
                            .<Folder>failure(ApiException.forbidden("only the owner can move this folder"));
                }
                return updateAsOwner(f.ownerId, id, change.name(), parentId);
            });
        });
    }

    /**
     * Rename and/or move within the owner's drive, for a caller whose rights have already been checked.
     * Moving into itself or below itself is 400; a sibling with the name is 409. Everything is read
     * after the owner's tree lock, so the checks see what the write will change.
     */
    @WithTransaction
    public Uni<Folder> updateAsOwner(UUID ownerId, UUID id, String rawName, UUID newParentId) {
        return folders.lockTree(ownerId)
                .chain(() -> folders.findLive(ownerId, id))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("folder " + id))
                .chain(folder -> {
                    if (folder.root && (rawName != null || newParentId != null)) {
                        return Uni.createFrom()
                                .failure(ApiException.validation("the root folder cannot be renamed or moved"));
                    }
                    String name = rawName == null ? folder.name : Names.check("name", rawName);
                    boolean moving = newParentId != null && !newParentId.equals(folder.parentId);
                    boolean renaming = !name.equals(folder.name);
                    if (!moving && !renaming) {
                        return Uni.createFrom().item(folder);
                    }
                    Uni<Folder> target = !moving
                            ? folders.findById(folder.parentId)
                            : folders.findLive(ownerId, newParentId)
                                    .onItem()
                                    .ifNull()
                                    .failWith(() -> ApiException.notFound("folder " + newParentId))
                                    .call(p -> folders.subtreeContains(folder.id, p.id)
                                            .invoke(inside -> {
                                                if (inside) {
                                                    throw ApiException.validation(
                                                            "a folder cannot be moved into itself or a folder inside it",
                                                            Map.of("parent", "is inside the folder being moved"));
                                                }
                                            }));
                    return target.chain(parent -> folders.nameTaken(ownerId, parent.id, name, folder.id)
                            .chain(taken -> {
                                if (taken) {
                                    return Uni.createFrom().failure(nameConflict(name));
                                }
                                folder.name = name;
                                folder.parentId = parent.id;
                                folder.path = parent.childPath(name);
                                folder.updatedAt = OffsetDateTime.now(clock);
                                return folders.flush()
                                        .chain(() -> folders.rewriteDescendantPaths(folder.id))
                                        .call(() -> renaming
                                                ? events.folder(EventTypes.FOLDER_RENAMED, folder)
                                                : Uni.createFrom().voidItem())
                                        .call(() -> moving
                                                ? events.folder(EventTypes.FOLDER_MOVED, folder)
                                                : Uni.createFrom().voidItem())
                                        .replaceWith(folder);
                            }));
                })
                .onFailure(Failures::isUniqueViolation)
                .transform(e -> nameConflict(rawName));
    }

    /** Moves one of the caller's own folders to the trash; another user's is 404. */
    public Uni<Void> trash(Caller caller, UUID id) {
        return trashAsOwner(caller.id(), id);
    }

    /**
     * Moves the owner's folder and everything live below it to the trash, remembering what it took,
     * for a caller whose rights have already been checked.
     */
    @WithTransaction
    public Uni<Void> trashAsOwner(UUID ownerId, UUID id) {
        return folders.lockTree(ownerId)
                .chain(() -> folders.findLive(ownerId, id))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("folder " + id))
                .chain(folder -> {
                    if (folder.root) {
                        return Uni.createFrom().failure(ApiException.validation("the root folder cannot be deleted"));
                    }
                    OffsetDateTime now = OffsetDateTime.now(clock);
                    return folders.trashFilesOfSubtree(folder.id, now)
                            .chain(fileCount -> folders.trashSubtree(folder.id, now)
                                    .call(folderCount ->
                                            events.folder(EventTypes.FOLDER_TRASHED, folder, folderCount, fileCount)))
                            .replaceWithVoid();
                });
    }

    /** Stars or unstars one of the caller's own folders; another user's is 404. */
    @WithTransaction
    public Uni<Boolean> toggleStar(Caller caller, UUID id) {
        return folders.findLive(caller.id(), id)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("folder " + id))
                .map(folder -> {
                    folder.starred = !folder.starred;
                    folder.updatedAt = OffsetDateTime.now(clock);
                    return folder.starred;
                });
    }

    /** The folder (the root when {@code id} is null) and what is directly in it. */
    @WithSession
    public Uni<Contents> contents(UUID ownerId, UUID id, PageRequest page) {
        Uni<Folder> folder = id == null
                ? root(ownerId)
                : folders.findLive(ownerId, id).onItem().ifNull().failWith(() -> ApiException.notFound("folder " + id));
        return folder.chain(f -> folders.liveChildren(ownerId, f.id).chain(children -> {
            var query = files.liveOf(
                    ownerId,
                    new FileRepository.Filter(f.id, null, null, null),
                    Sort.ascending("filename").and("id"));
            return page.fetch(query).map(list -> new Contents(f, children, list));
        }));
    }

    /** A folder with all its immediate live contents, unpaged (/folders/root/ and /folders/{id}/contents/). */
    public record AllContents(Folder folder, List<Folder> folders, List<StoredFile> files) {}

    /**
     * The caller's root, or a folder the caller may view, with every file directly in it by name (as
     * {@link #contents}, unpaged); a shared folder's contents are its owner's.
     */
    public Uni<AllContents> allContents(Caller caller, UUID id) {
        return id == null
                ? allContents(caller.id(), null)
                : access.folder(caller, id, Level.VIEW).chain(f -> allContents(f.ownerId, id));
    }

    @WithSession
    Uni<AllContents> allContents(UUID ownerId, UUID id) {
        Uni<Folder> folder = id == null
                ? root(ownerId)
                : folders.findLive(ownerId, id).onItem().ifNull().failWith(() -> ApiException.notFound("folder " + id));
        return folder.chain(f -> folders.liveChildren(ownerId, f.id).chain(children -> files.liveOf(
                        ownerId,
                        new FileRepository.Filter(f.id, null, null, null),
                        Sort.ascending("filename").and("id"))
                .list()
                .map(list -> new AllContents(f, children, list))));
    }

    Folder newFolder(UUID ownerId, UUID parentId, String name, String path, boolean root) {
        OffsetDateTime now = OffsetDateTime.now(clock);
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
        return ApiException.conflict(
                "a folder or file named '" + name + "' already exists here",
                Map.of("name", "already exists in this folder"));
    }
}
