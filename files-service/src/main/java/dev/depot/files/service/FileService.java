package dev.depot.files.service;

import static dev.depot.files.service.FolderService.nameConflict;

import dev.depot.common.error.ApiException;
import dev.depot.common.error.Failures;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PageResults;
import dev.depot.events.EventTypes;
import dev.depot.files.Category;
import dev.depot.files.Folder;
import dev.depot.files.Level;
import dev.depot.files.Names;
import dev.depot.files.StoredFile;
import dev.depot.files.messaging.outgoing.FilesEvents;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.FileRepository.Filter;
import dev.depot.files.repository.FolderRepository;
import dev.depot.files.storage.IncomingFile;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** File metadata: listing, registration of bytes hosted elsewhere, rename, move, star, trash. */
@ApplicationScoped
public class FileService {

    private static final Map<String, String> ORDERING = Map.of(
            "name", "filename", "created_at", "createdAt", "file_size", "fileSize", "last_accessed", "lastAccessed");

    private final FileRepository files;
    private final FolderRepository folders;
    private final FolderService folderService;
    private final QuotaService quotas;
    private final FilesEvents events;
    private final Access access;
    private final Clock clock;

    public FileService(
            FileRepository files,
            FolderRepository folders,
            FolderService folderService,
            QuotaService quotas,
            FilesEvents events,
            Access access,
            Clock clock) {
        this.access = access;
        this.files = files;
        this.folders = folders;
        this.folderService = folderService;
        this.quotas = quotas;
        this.events = events;
        this.clock = clock;
    }

    /** What a client registers for a file it uploaded elsewhere: metadata of bytes hosted at {@code cdnUrl}. */
    public record Registration(
            String filename,
            String originalFilename,
            String cdnUrl,
            long fileSize,
            String mimeType,
            String md5,
            String sha256,
            UUID folderId) {}

    /**
     * Changes a client may make to a file; null leaves a field as it is. {@code toRoot} moves the file
     * to the top of its owner's drive, for clients that cannot name the root folder.
     */
    public record Change(String filename, UUID folderId, boolean toRoot) {
        public Change(String filename, UUID folderId) {
            this(filename, folderId, false);
        }
    }

    /** Which files a listing shows; null leaves a criterion out. {@code search} is a checked search term. */
    public record Listing(UUID folderId, String search, Category category, Boolean starred) {}

    /** The caller's own live files, in one folder of theirs or all of them. */
    @WithSession
    public Uni<PageResults<StoredFile>> list(Caller caller, Listing listing, String ordering, PageRequest page) {
        UUID ownerId = caller.id();
        Filter filter = new Filter(listing.folderId(), listing.search(), listing.category(), listing.starred());
        Sort sort = sort(ordering);
        Uni<Void> folderCheck = filter.folderId() == null
                ? Uni.createFrom().voidItem()
                : folders.findOwned(ownerId, filter.folderId())
                        .onItem()
                        .ifNull()
                        .failWith(() -> ApiException.notFound("folder " + filter.folderId()))
                        .replaceWithVoid();
        return folderCheck.chain(() -> {
            var query = files.liveOf(ownerId, filter, sort);
            return page.fetch(query);
        });
    }

    /**
     * Metadata for bytes hosted elsewhere (the client's hashes are all there is to compare), in the
     * caller's drive or in a folder the caller may edit (then in its owner's drive).
     */
    public Uni<StoredFile> register(Caller caller, Registration r) {
        return access.driveFor(caller, r.folderId()).chain(owner -> register(owner, r));
    }

    @WithTransaction
    Uni<StoredFile> register(UUID ownerId, Registration r) {
        String filename = Names.check("filename", r.filename());
        String original = r.originalFilename() == null || r.originalFilename().isBlank()
                ? filename
                : Names.check("original_filename", r.originalFilename());
        String cdnUrl = ExternalUrls.check("cdn_url", r.cdnUrl());
        return insert(ownerId, r.folderId(), EventTypes.FILE_REGISTERED, true, file -> {
            file.filename = filename;
            file.originalFilename = original;
            file.fileSize = r.fileSize();
            file.mimeType = r.mimeType();
            file.sha256 = r.sha256();
            file.md5 = r.md5();
            file.cdnUrl = cdnUrl;
        });
    }

    /** A file whose bytes are already durably in the blob store, hashed and typed by the server. */
    @WithTransaction
    Uni<StoredFile> storeUploaded(UUID ownerId, UUID folderId, String originalName, IncomingFile bytes) {
        return insert(
                ownerId,
                folderId,
                EventTypes.FILE_UPLOADED,
                true,
                uploaded(Names.sanitize(originalName), originalName, bytes));
    }

    /**
     * A file dropped into a live folder through a file-drop ticket, as an upload by the folder's owner,
     * except that it never collides: a taken name gets a number ("report (2).pdf"), the same content
     * already in the folder is kept again, and a full quota says nothing of the owner's usage.
     */
    @WithTransaction
    Uni<StoredFile> storeDropped(UUID ownerId, UUID folderId, String originalName, IncomingFile bytes) {
        String wanted = Names.sanitize(originalName);
        return folders.findLive(ownerId, folderId)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("folder " + folderId))
                .chain(folder -> freeName(ownerId, folder.id, wanted, 1))
                .chain(name ->
                        insert(ownerId, folderId, EventTypes.FILE_UPLOADED, false, uploaded(name, originalName, bytes)))
                .onFailure(e -> e instanceof ApiException a && a.status() == 413)
                .transform(e -> ApiException.tooLarge("there is no room for this file in the folder's storage"));
    }

    /**
     * An upload whose sender asked to keep both: a taken name gets a number ("report (2).pdf") and the
     * same content already in the folder is no reason to refuse; the quota still holds (413).
     */
    @WithTransaction
    Uni<StoredFile> storeKeepingBoth(UUID ownerId, UUID folderId, String originalName, IncomingFile bytes) {
        String wanted = Names.sanitize(originalName);
        // The tree lock (taken again, harmlessly, by insert) from before the name is chosen: two such
        // uploads finishing at once get "(2)" and "(3)" rather than one of them a 409 after all its bytes.
        return folders.lockTree(ownerId)
                .chain(() -> folderId == null
                        ? folderService.root(ownerId)
                        : folders.findLive(ownerId, folderId)
                                .onItem()
                                .ifNull()
                                .failWith(() -> ApiException.notFound("folder " + folderId)))
                .chain(folder -> freeName(ownerId, folder.id, wanted, 1))
                .chain(name -> insert(
                        ownerId, folderId, EventTypes.FILE_UPLOADED, false, uploaded(name, originalName, bytes)));
    }

    /**
     * Bytes under exactly {@code name} (already checked by {@link Names#check}), as WebDAV writes
     * them: the same content elsewhere in the folder is no reason to refuse; a taken name is 409 and
     * the quota still holds (413).
     */
    @WithTransaction
    Uni<StoredFile> storeNamed(UUID ownerId, UUID folderId, String name, IncomingFile bytes) {
        return insert(ownerId, folderId, EventTypes.FILE_UPLOADED, false, uploaded(name, name, bytes));
    }

    /**
     * A new file with the same bytes as {@code source} under {@code name} in a folder (WebDAV COPY): no
     * byte is copied, the new row names the same blob. Counts against the quota like an upload.
     */
    @WithTransaction
    public Uni<StoredFile> copy(UUID ownerId, StoredFile source, UUID folderId, String name) {
        return insert(ownerId, folderId, EventTypes.FILE_UPLOADED, false, file -> {
            file.filename = name;
            file.originalFilename = name;
            file.fileSize = source.fileSize;
            file.mimeType = source.mimeType;
            file.sha256 = source.sha256;
            file.md5 = source.md5;
            file.storagePath = source.storagePath;
            file.cdnUrl = source.cdnUrl;
        });
    }

    /**
     * 409, as {@link #storeUploaded} would answer, when a live file named like {@code originalName}
     * (once sanitized) is already in the folder (the owner's root when null): said before an upload's
     * bytes are sent. A root not made yet holds nothing, so none is made for the question.
     */
    @WithSession
    Uni<Void> checkNameFree(UUID ownerId, UUID folderId, String originalName) {
        String name = Names.sanitize(originalName);
        Uni<UUID> folder = folderId != null
                ? Uni.createFrom().item(folderId)
                : folders.root(ownerId).map(root -> root == null ? null : root.id);
        return folder.chain(id -> id == null ? Uni.createFrom().item(false) : files.nameTaken(ownerId, id, name, null))
                .invoke(taken -> {
                    if (taken) {
                        throw nameConflict(name);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<String> freeName(UUID ownerId, UUID folderId, String name, int n) {
        String candidate = n == 1 ? name : Names.numbered(name, n);
        return files.nameTaken(ownerId, folderId, candidate, null)
                .chain(taken -> !taken
                        ? Uni.createFrom().item(candidate)
                        : n >= 1000
                                ? Uni.createFrom().failure(nameConflict(name))
                                : freeName(ownerId, folderId, name, n + 1));
    }

    private static Consumer<StoredFile> uploaded(String filename, String originalName, IncomingFile bytes) {
        return file -> {
            file.filename = filename;
            String original = Names.original(originalName);
            file.originalFilename = original == null ? filename : original;
            file.fileSize = bytes.size();
            file.mimeType = bytes.mimeType();
            file.sha256 = bytes.sha256();
            file.md5 = bytes.md5();
            file.storagePath = bytes.sha256();
        };
    }

    /**
     * The checks every new file passes, in order: the folder is the caller's (404), the same content
     * is not already in it (409 naming the existing file; unless {@code refuseSameContent} is false),
     * the name is free (409), the quota holds (413).
     */
    private Uni<StoredFile> insert(
            UUID ownerId, UUID folderId, String eventType, boolean refuseSameContent, Consumer<StoredFile> fill) {
        StoredFile file = new StoredFile();
        fill.accept(file);
        // Under the owner's tree lock, so the folder cannot be trashed between this check and the insert.
        Uni<Folder> folder = folders.lockTree(ownerId)
                .chain(() -> folderId == null
                        ? folderService.root(ownerId)
                        : folders.findLive(ownerId, folderId)
                                .onItem()
                                .ifNull()
                                .failWith(() -> ApiException.notFound("folder " + folderId)));
        return folder.chain(f -> (refuseSameContent
                                ? files.sameContentIn(ownerId, f.id, file.sha256, file.md5)
                                : Uni.createFrom().<StoredFile>nullItem())
                        .chain(same -> {
                            if (same != null) {
                                Map<String, Object> details = new HashMap<>();
                                details.put("existing_file_id", same.id.toString());
                                details.put("filename", same.filename);
                                return Uni.createFrom()
                                        .<StoredFile>failure(ApiException.conflict(
                                                "the same file is already in this folder", details));
                            }
                            return files.nameTaken(ownerId, f.id, file.filename, null)
                                    .chain(taken -> taken
                                            ? Uni.createFrom().failure(nameConflict(file.filename))
                                            : quotas.reserve(ownerId, file.fileSize)
                                                    .chain(() -> {
                                                        OffsetDateTime now = OffsetDateTime.now(clock);
                                                        file.id = UUID.randomUUID();
                                                        file.ownerId = ownerId;
                                                        file.folderId = f.id;
                                                        file.category = Category.of(file.mimeType)
                                                                .key();
                                                        file.fileExtension = Names.extension(file.filename);
                                                        file.processingStatus = "pending";
                                                        file.createdAt = now;
                                                        file.updatedAt = now;
                                                        return files.persistAndFlush(file);
                                                    }));
                        }))
                .onFailure(Failures::isUniqueViolation)
                .transform(e -> nameConflict(file.filename))
                .call(created -> events.file(eventType, created))
                .call(created -> quotas.announceIfNearlyFull(ownerId));
    }

    /** Marks the file as just accessed and announces the download. */
    @WithTransaction
    public Uni<StoredFile> recordDownload(UUID ownerId, UUID id) {
        return files.findLive(ownerId, id)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + id))
                .invoke(file -> file.lastAccessed = OffsetDateTime.now(clock))
                .call(file -> events.file(EventTypes.FILE_DOWNLOADED, file));
    }

    /**
     * Asks processing-worker to make the file's images and metadata again (file.reprocess_requested).
     * Only for the owner's live files with bytes kept here: 409 for bytes hosted elsewhere.
     */
    @WithTransaction
    public Uni<StoredFile> reprocess(Caller caller, UUID id) {
        return files.findLive(caller.id(), id)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + id))
                .invoke(file -> {
                    if (file.storagePath == null) {
                        throw ApiException.conflict(
                                "file " + id + " cannot be processed: its bytes are hosted "
                                        + "elsewhere (cdn_url), not kept here",
                                null);
                    }
                })
                .chain(files::lockFresh)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + id))
                .invoke(file -> {
                    // What was made before stays until the new result replaces it: the content is the same.
                    file.processingStatus = "pending";
                    file.processed = false;
                })
                .call(file -> events.file(EventTypes.FILE_REPROCESS_REQUESTED, file));
    }

    /** The file, when the caller may view it. */
    public Uni<StoredFile> get(Caller caller, UUID id) {
        return access.file(caller, id, Level.VIEW);
    }

    /**
     * Rename and/or move, for a caller who may edit the file; only its owner may move it. Whatever the
     * caller, the file stays in its owner's drive.
     */
    public Uni<StoredFile> update(Caller caller, UUID id, Change change) {
        return access.file(caller, id, Level.EDIT).chain(f -> {
            Uni<UUID> target = change.toRoot()
                    ? folderService.rootId(f.ownerId)
                    : Uni.createFrom().item(change.folderId());
            return target.chain(folderId -> {
                boolean moving = folderId != null && !folderId.equals(f.folderId);
                if (moving && !caller.owns(f.ownerId)) {
                    return Uni.createFrom()
                            .<StoredFile>failure(ApiException.forbidden("only the owner can move this file"));
                }
                return updateAsOwner(f.ownerId, id, new Change(change.filename(), folderId));
            });
        });
    }

    /**
     * Rename and/or move within the owner's drive, for a caller whose rights the WebDAV drive has
     * already checked; under the owner's tree lock, so a file never lands in a folder being trashed.
     */
    @WithTransaction
    public Uni<StoredFile> updateAsOwner(UUID ownerId, UUID id, Change change) {
        return folders.lockTree(ownerId)
                .chain(() -> files.findLive(ownerId, id))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + id))
                .chain(file -> {
                    String filename =
                            change.filename() == null ? file.filename : Names.check("filename", change.filename());
                    boolean moving =
                            change.folderId() != null && !change.folderId().equals(file.folderId);
                    boolean renaming = !filename.equals(file.filename);
                    if (!moving && !renaming) {
                        return Uni.createFrom().item(file);
                    }
                    Uni<Folder> target = !moving
                            ? folders.findById(file.folderId)
                            : folders.findLive(ownerId, change.folderId())
                                    .onItem()
                                    .ifNull()
                                    .failWith(() -> ApiException.notFound("folder " + change.folderId()));
                    return target.chain(folder -> files.nameTaken(ownerId, folder.id, filename, file.id)
                            .chain(taken -> {
                                if (taken) {
                                    return Uni.createFrom().<StoredFile>failure(nameConflict(filename));
                                }
                                file.filename = filename;
                                file.fileExtension = Names.extension(filename);
                                file.folderId = folder.id;
                                file.updatedAt = OffsetDateTime.now(clock);
                                return files.flush()
                                        .replaceWith(file)
                                        .call(() -> renaming
                                                ? events.file(EventTypes.FILE_UPDATED, file)
                                                : Uni.createFrom().voidItem())
                                        .call(() -> moving
                                                ? events.file(EventTypes.FILE_MOVED, file)
                                                : Uni.createFrom().voidItem());
                            }));
                })
                .onFailure(Failures::isUniqueViolation)
                .transform(e -> nameConflict(String.valueOf(change.filename())));
    }

    /** Moves one of the caller's own files to the trash; another user's is 404. */
    public Uni<StoredFile> trash(Caller caller, UUID id) {
        return trashAsOwner(caller.id(), id);
    }

    /** Moves the owner's live file to the trash, for a caller whose rights have already been checked. */
    @WithTransaction
    public Uni<StoredFile> trashAsOwner(UUID ownerId, UUID id) {
        return files.findLive(ownerId, id)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + id))
                .invoke(file -> {
                    file.trashedAt = OffsetDateTime.now(clock);
                    file.trashedWith = file.id;
                    file.updatedAt = file.trashedAt;
                })
                .call(file -> events.file(EventTypes.FILE_TRASHED, file));
    }

    /** Stars or unstars one of the caller's own files; another user's is 404. */
    @WithTransaction
    public Uni<Boolean> toggleStar(Caller caller, UUID id) {
        return files.findLive(caller.id(), id)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + id))
                .invoke(file -> {
                    file.starred = !file.starred;
                    file.updatedAt = OffsetDateTime.now(clock);
                })
                .call(file -> events.file(EventTypes.FILE_STARRED, file))
                .map(file -> file.starred);
    }

    /**
     * Every file of a folder (404 unless it is the owner's), of the root when there is none; starred or
     * trashed ones are looked for in the whole drive when no folder is named. No paging: Arkive's listing.
     */
    @WithSession
    public Uni<List<StoredFile>> listAll(Caller caller, UUID folderId, boolean starredOnly, boolean trashed) {
        UUID ownerId = caller.id();
        Uni<UUID> folder = folderId != null
                ? folders.findOwned(ownerId, folderId)
                        .onItem()
                        .ifNull()
                        .failWith(() -> ApiException.notFound("folder " + folderId))
                        .map(f -> f.id)
                : starredOnly || trashed
                        ? Uni.createFrom().nullItem()
                        : folderService.root(ownerId).map(f -> f.id);
        return folder.chain(id -> files.listed(ownerId, id, starredOnly, trashed));
    }

    @WithSession
    public Uni<List<StoredFile>> recent(Caller caller, int limit) {
        return files.recent(caller.id(), limit);
    }

    /** Last opened first, then never opened ones newest first. */
    @WithSession
    public Uni<List<StoredFile>> recentlyAccessed(Caller caller, int limit) {
        return files.recentlyAccessed(caller.id(), limit);
    }

    /** Every live starred file of the caller, newest first. */
    @WithSession
    public Uni<List<StoredFile>> starred(Caller caller) {
        return files.listed(caller.id(), null, true, false);
    }

    /** "name", "-created_at", ...; newest first when not given. */
    static Sort sort(String ordering) {
        if (ordering == null || ordering.isBlank()) {
            return Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        }
        boolean descending = ordering.startsWith("-");
        String field = ORDERING.get(descending ? ordering.substring(1) : ordering);
        if (field == null) {
            throw ApiException.validation(
                    "ordering must be one of name, created_at, file_size, last_accessed " + "(with '-' for descending)",
                    Map.of("ordering", "unknown field"));
        }
        Sort.Direction direction = descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
        return Sort.by(field, direction, Sort.NullPrecedence.NULLS_LAST).and("id", direction);
    }
}
