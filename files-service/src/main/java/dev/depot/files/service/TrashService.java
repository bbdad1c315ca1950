package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PageResults;
import dev.depot.events.EventTypes;
import dev.depot.files.Folder;
import dev.depot.files.Names;
import dev.depot.files.StoredFile;
import dev.depot.files.TrashEntry;
import dev.depot.files.messaging.outgoing.FilesEvents;
import dev.depot.files.repository.DropTicketRepository;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.FolderRepository;
import dev.depot.files.repository.ShareGrantRepository;
import dev.depot.files.repository.TrashRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The trash: what the user deleted, each entry with everything its deletion took along. Entries
 * can be restored (exactly what was taken comes back) or deleted for good.
 */
@ApplicationScoped
public class TrashService {

    private final FolderRepository folders;
    private final FileRepository files;
    private final TrashRepository trash;
    private final FolderService folderService;
    private final QuotaService quotas;
    private final FilesEvents events;
    private final ShareGrantRepository grants;
    private final DropTicketRepository tickets;
    private final FileService fileService;
    private final Clock clock;

    public TrashService(
            FolderRepository folders,
            FileRepository files,
            TrashRepository trash,
            FolderService folderService,
            QuotaService quotas,
            FilesEvents events,
            ShareGrantRepository grants,
            DropTicketRepository tickets,
            FileService fileService,
            Clock clock) {
        this.fileService = fileService;
        this.grants = grants;
        this.tickets = tickets;
        this.folders = folders;
        this.files = files;
        this.trash = trash;
        this.folderService = folderService;
        this.quotas = quotas;
        this.events = events;
        this.clock = clock;
    }

    public record Emptied(int deletedFiles, int deletedFolders) {}

    @WithSession
    public Uni<PageResults<TrashEntry>> list(Caller caller, PageRequest page) {
        UUID ownerId = caller.id();
        return trash.count(ownerId).chain(count -> trash.page(ownerId, page.size(), page.offset())
                .map(entries -> new PageResults<>(count, entries)));
    }

    /**
     * Restores an entry where it was; to the root when that folder is gone or itself in the trash.
     * A live item with the same name there gives the restored one a numbered name.
     */
    @WithTransaction
    public Uni<TrashEntry> restore(Caller caller, UUID id) {
        UUID ownerId = caller.id();
        return folders.lockTree(ownerId)
                .chain(() -> trashedFolder(ownerId, id))
                .chain(folder -> folder != null
                        ? restoreFolder(ownerId, folder)
                        : trashedFile(ownerId, id)
                                .onItem()
                                .ifNull()
                                .failWith(() -> ApiException.notFound("trash entry " + id))
                                .chain(file -> restoreFile(ownerId, file)));
    }

    @WithTransaction
    public Uni<Emptied> deleteForever(Caller caller, UUID id) {
        UUID ownerId = caller.id();
        return folders.lockTree(ownerId)
                .chain(() -> trashedFolder(ownerId, id))
                .chain(folder -> folder != null
                        ? deleteFolder(folder)
                        : trashedFile(ownerId, id)
                                .onItem()
                                .ifNull()
                                .failWith(() -> ApiException.notFound("trash entry " + id))
                                .chain(this::deleteFile))
                .call(() -> quotas.announceIfNearlyFull(ownerId));
    }

    @WithTransaction
    public Uni<Emptied> empty(Caller caller) {
        UUID ownerId = caller.id();
        return folders.lockTree(ownerId)
                .chain(() -> deleteAll(
                        folders.list("ownerId = ?1 and trashedWith = id", ownerId),
                        files.list("ownerId = ?1 and trashedWith = id", ownerId)))
                .call(() -> quotas.announceIfNearlyFull(ownerId));
    }

    /**
     * Arkive's trash toggle for a file: a live one goes to the trash, a trashed one comes back as
     * {@link #restore} brings it. True when the file is now in the trash. A file its folder's trashing
     * took along comes back only with that folder (409).
     */
    @WithTransaction
    public Uni<Boolean> toggleFile(Caller caller, UUID id) {
        UUID ownerId = caller.id();
        return folders.lockTree(ownerId)
                .chain(() -> files.findOwned(ownerId, id))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + id))
                .chain(file -> {
                    if (file.trashedAt == null) {
                        return fileService.trashAsOwner(ownerId, id).replaceWith(true);
                    }
                    if (!file.id.equals(file.trashedWith)) {
                        return Uni.createFrom().failure(takenAlong("file", file.trashedWith));
                    }
                    return restoreFile(ownerId, file).replaceWith(false);
                });
    }

    /** As {@link #toggleFile} for a folder: trashing takes the live subtree, restoring brings back what it took. */
    @WithTransaction
    public Uni<Boolean> toggleFolder(Caller caller, UUID id) {
        UUID ownerId = caller.id();
        return folders.lockTree(ownerId)
                .chain(() -> folders.findOwned(ownerId, id))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("folder " + id))
                .chain(folder -> {
                    if (folder.trashedAt == null) {
                        return folderService.trashAsOwner(ownerId, id).replaceWith(true);
                    }
                    if (!folder.id.equals(folder.trashedWith)) {
                        return Uni.createFrom().failure(takenAlong("folder", folder.trashedWith));
                    }
                    return restoreFolder(ownerId, folder).replaceWith(false);
                });
    }

    private static ApiException takenAlong(String what, UUID trashedWith) {
        return ApiException.conflict(
                "this " + what + " was trashed with folder " + trashedWith
                        + "; it comes back when that folder is restored",
                java.util.Map.of("trashed_with", trashedWith.toString()));
    }

    /** Deletes the owner's file for good, in the trash or not (Arkive's DELETE .../delete). */
    @WithTransaction
    public Uni<Emptied> deleteFileNow(Caller caller, UUID id) {
        UUID ownerId = caller.id();
        return folders.lockTree(ownerId)
                .chain(() -> files.findOwned(ownerId, id))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + id))
                .chain(this::deleteFile)
                .call(() -> quotas.announceIfNearlyFull(ownerId));
    }

    /** Deletes the owner's folder and everything below it for good, in the trash or not; never the root. */
    @WithTransaction
    public Uni<Emptied> deleteFolderNow(Caller caller, UUID id) {
        UUID ownerId = caller.id();
        return folders.lockTree(ownerId)
                .chain(() -> folders.findOwned(ownerId, id))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("folder " + id))
                .chain(folder -> folder.root
                        ? Uni.createFrom()
                                .<Emptied>failure(ApiException.validation("the root folder cannot be deleted"))
                        : deleteFolder(folder))
                .call(() -> quotas.announceIfNearlyFull(ownerId));
    }

    /** Deletes for good every entry trashed before {@code cutoff}, whoever owns it. */
    @WithTransaction
    public Uni<Emptied> purgeOlderThan(OffsetDateTime cutoff) {
        return deleteAll(
                folders.list("trashedWith = id and trashedAt < ?1", cutoff),
                files.list("trashedWith = id and trashedAt < ?1", cutoff));
    }

    private Uni<Emptied> deleteAll(Uni<List<Folder>> trashedFolders, Uni<List<StoredFile>> trashedFiles) {
        return trashedFolders.chain(fs -> sum(fs, this::deleteFolder)).chain(a -> trashedFiles
                .chain(fs -> sum(fs, this::deleteFile))
                .map(b -> new Emptied(a.deletedFiles() + b.deletedFiles(), a.deletedFolders() + b.deletedFolders())));
    }

    private static <T> Uni<Emptied> sum(List<T> items, Function<T, Uni<Emptied>> delete) {
        return Multi.createFrom()
                .iterable(items)
                .onItem()
                .transformToUniAndConcatenate(item -> delete.apply(item))
                .collect()
                .in(() -> new int[2], (acc, e) -> {
                    acc[0] += e.deletedFiles();
                    acc[1] += e.deletedFolders();
                })
                .map(acc -> new Emptied(acc[0], acc[1]));
    }

    /**
     * Grants and drop tickets go with what they point at, in the same transaction. Each file taken along gets
     * its own file.deleted, so consumers that track files (quota mirrors, indexers) learn of each one.
     */
    private Uni<Emptied> deleteFolder(Folder folder) {
        return folders.filesOfSubtree(folder.id)
                .chain(taken -> Multi.createFrom()
                        .iterable(taken)
                        .onItem()
                        .transformToUniAndConcatenate(f -> events.fileDeletedWith(f, folder.id))
                        .collect()
                        .last())
                .chain(() -> grants.deleteForSubtree(folder.id))
                .chain(() -> tickets.deleteForSubtree(folder.id))
                .chain(() -> folders.deleteFilesOfSubtree(folder.id))
                .chain(fileCount -> folders.deleteSubtree(folder.id)
                        .call(folderCount -> events.folder(EventTypes.FOLDER_DELETED, folder, folderCount, fileCount))
                        .map(folderCount -> new Emptied(fileCount, folderCount)));
    }

    private Uni<Emptied> deleteFile(StoredFile file) {
        return events.file(EventTypes.FILE_DELETED, file)
                .chain(() -> grants.deleteForFile(file.id))
                .chain(() -> files.delete(file))
                .replaceWith(new Emptied(1, 0));
    }

    private Uni<TrashEntry> restoreFolder(UUID ownerId, Folder folder) {
        return restoreTarget(ownerId, folder.parentId).chain(parent -> freeName(
                        folder.name, 1, name -> folders.nameTaken(ownerId, parent.id, name, folder.id))
                .chain(name -> {
                    folder.parentId = parent.id;
                    folder.name = name;
                    folder.path = parent.childPath(name);
                    folder.updatedAt = OffsetDateTime.now(clock);
                    return folders.flush()
                            .chain(() -> folders.rewriteDescendantPaths(folder.id))
                            .chain(() -> files.update(
                                    "trashedAt = null, trashedWith = null where trashedWith = ?1", folder.id))
                            .chain(fileCount -> folders.restoreTakenWith(folder.id)
                                    .call(folderCount ->
                                            events.folder(EventTypes.FOLDER_RESTORED, folder, folderCount, fileCount)))
                            .map(n -> new TrashEntry(
                                    "folder", folder.id, folder.name, folder.parentId, null, 0, folder.path));
                }));
    }

    private Uni<TrashEntry> restoreFile(UUID ownerId, StoredFile file) {
        return restoreTarget(ownerId, file.folderId)
                .chain(folder -> freeName(file.filename, 1, name -> files.nameTaken(ownerId, folder.id, name, file.id))
                        .chain(name -> {
                            file.folderId = folder.id;
                            file.filename = name;
                            file.trashedAt = null;
                            file.trashedWith = null;
                            file.updatedAt = OffsetDateTime.now(clock);
                            return events.file(EventTypes.FILE_RESTORED, file)
                                    .replaceWith(new TrashEntry(
                                            "file",
                                            file.id,
                                            file.filename,
                                            file.folderId,
                                            null,
                                            file.fileSize,
                                            folder.childPath(file.filename)));
                        }));
    }

    /** The folder to restore into: the original if it is still live, else the user's root. */
    private Uni<Folder> restoreTarget(UUID ownerId, UUID originalParent) {
        Uni<Folder> original =
                originalParent == null ? Uni.createFrom().nullItem() : folders.findLive(ownerId, originalParent);
        return original.chain(f -> f != null ? Uni.createFrom().item(f) : folderService.root(ownerId));
    }

    private static Uni<String> freeName(String name, int n, Function<String, Uni<Boolean>> taken) {
        String candidate = n == 1 ? name : Names.numbered(name, n);
        return taken.apply(candidate)
                .chain(t -> !t
                        ? Uni.createFrom().item(candidate)
                        : n > 1000
                                ? Uni.createFrom().failure(ApiException.conflict("no free name for " + name, null))
                                : freeName(name, n + 1, taken));
    }

    private Uni<Folder> trashedFolder(UUID ownerId, UUID id) {
        return folders.find("id = ?1 and ownerId = ?2 and trashedWith = id", id, ownerId)
                .firstResult();
    }

    private Uni<StoredFile> trashedFile(UUID ownerId, UUID id) {
        return files.find("id = ?1 and ownerId = ?2 and trashedWith = id", id, ownerId)
                .firstResult();
    }
}
