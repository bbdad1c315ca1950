package dev.depot.files.service;

import dev.depot.blobstore.BlobStore;
import dev.depot.common.error.ApiException;
import dev.depot.files.Folder;
import dev.depot.files.Level;
import dev.depot.files.Names;
import dev.depot.files.StoredFile;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.storage.IncomingFile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Byte uploads. The body has already streamed to a file on disk (Vert.x spools multipart parts);
 * here it is hashed and typed on a worker thread, moved whole into the blob store, and only then
 * recorded, so a listed file always has its bytes. If recording fails, the blob is deleted at once
 * unless another file uses the same bytes ({@link BlobCollector#discardUnrecorded}).
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    private final FilesConfig config;
    private final BlobStore blobs;
    private final FileService files;
    private final FolderService folders;
    private final VersionService versions;
    private final FileRepository fileRows;
    private final BlobCollector collector;
    private final Vertx vertx;
    private final Access access;

    public UploadService(
            FilesConfig config,
            BlobStore blobs,
            FileService files,
            FolderService folders,
            VersionService versions,
            FileRepository fileRows,
            BlobCollector collector,
            Vertx vertx,
            Access access) {
        this.access = access;
        this.collector = collector;
        this.config = config;
        this.blobs = blobs;
        this.files = files;
        this.folders = folders;
        this.versions = versions;
        this.fileRows = fileRows;
        this.vertx = vertx;
    }

    /**
     * Into the caller's drive, or a folder the caller may edit (then its owner's drive, checked before
     * the bytes are stored). With {@code overwrite}, bytes for a name already in the folder become that
     * file's new content (the old content is kept as a version) instead of a 409.
     */
    public Uni<StoredFile> upload(
            Caller caller, UUID folderId, Path spooled, String clientFilename, boolean overwrite) {
        return access.driveFor(caller, folderId).chain(ownerId -> store(spooled, clientFilename)
                .chain(incoming -> recorded(
                        incoming,
                        () -> !overwrite
                                ? files.storeUploaded(ownerId, folderId, clientFilename, incoming)
                                : storeOverwriting(ownerId, folderId, clientFilename, incoming))));
    }

    /**
     * Stored bytes as the new content of the live file of that name in the folder (the owner's root when
     * null), the old content kept as a version; as a new file when there is none. Also the tus
     * {@code conflict=replace}.
     */
    Uni<StoredFile> storeOverwriting(UUID ownerId, UUID folderId, String clientFilename, IncomingFile incoming) {
        return Panache.withTransaction(
                () -> (folderId == null ? folders.root(ownerId) : folders.getOwned(ownerId, folderId))
                        .chain(folder -> fileRows.liveNamed(ownerId, folder.id, Names.sanitize(clientFilename))
                                .chain(existing -> existing == null
                                        ? files.storeUploaded(ownerId, folder.id, clientFilename, incoming)
                                        : versions.replaceContent(ownerId, existing.id, incoming))));
    }

    /**
     * Spooled bytes under exactly {@code name} in a folder (WebDAV PUT): the new content of the live
     * file of that name (the old content kept as a version), or a new file. Answers the file and
     * whether it is new.
     */
    public Uni<Put> put(UUID ownerId, UUID folderId, String name, Path spooled) {
        return store(spooled, name, config.maxDavUploadSize().asLongValue())
                .chain(incoming -> recorded(
                        incoming,
                        () -> Panache.withTransaction(() -> fileRows.liveNamed(ownerId, folderId, name)
                                .chain(existing -> existing == null
                                        ? files.storeNamed(ownerId, folderId, name, incoming)
                                                .map(f -> new Put(f, true))
                                        : existing.sha256 != null && existing.sha256.equals(incoming.sha256())
                                                // The same bytes again (a client saving twice): nothing changes.
                                                ? Uni.createFrom().item(new Put(existing, false))
                                                : versions.replaceContent(ownerId, existing.id, incoming)
                                                        .map(f -> new Put(f, false))))));
    }

    public record Put(StoredFile file, boolean created) {}

    /** New content for an existing file the caller may edit, as PUT /api/cdn/files/{id}/content. */
    public Uni<StoredFile> replace(Caller caller, UUID fileId, Path spooled, String clientFilename) {
        return access.file(caller, fileId, Level.EDIT).chain(file -> store(spooled, clientFilename)
                .chain(incoming -> recorded(incoming, () -> versions.replaceContent(file.ownerId, fileId, incoming))));
    }

    /**
     * Records stored bytes by {@code record} (one transaction); if it fails, nothing is left to name
     * the blob, so it goes at once rather than lingering, uncounted, until the collector's next round.
     */
    <T> Uni<T> recorded(IncomingFile stored, java.util.function.Supplier<Uni<? extends T>> record) {
        return Uni.createFrom().<T>deferred(record).onFailure().call(() -> collector.discardUnrecorded(stored));
    }

    /** Hashes, types and stores the spooled bytes (413 over the size limit); the spooled file is gone after. */
    Uni<IncomingFile> store(Path spooled, String clientFilename) {
        return store(spooled, clientFilename, config.maxUploadSize());
    }

    private Uni<IncomingFile> store(Path spooled, String clientFilename, long maxSize) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                long size = Files.size(spooled);
                if (size > maxSize) {
                    throw ApiException.tooLarge("file too large: the limit is " + maxSize + " bytes");
                }
                IncomingFile incoming = IncomingFile.inspect(spooled, clientFilename);
                return incoming.stored(blobs.put(spooled, incoming.sha256()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("storing the upload failed", e);
            } finally {
                deleteQuietly(spooled);
            }
        }));
    }

    /** One part of a folder upload: its path relative to the parent folder, and the spooled bytes. */
    public record Part(String relativePath, Path spooled) {}

    public record FolderUploaded(UUID folderId, String folderName, int filesUploaded) {}

    /**
     * The Arkive folder upload: every part named by its relative path ("Album/2024/a.jpg"), into the
     * caller's root or a folder the caller may edit (then its owner's drive). All paths must be
     * relative, free of "." and ".." and empty segments, and share one top folder, which must not
     * exist yet; then the whole tree is made in one transaction: all of it, or nothing.
     */
    public Uni<FolderUploaded> uploadFolder(Caller caller, UUID parentId, List<Part> parts) {
        return access.driveFor(caller, parentId).chain(ownerId -> uploadFolder(ownerId, parentId, parts));
    }

    private Uni<FolderUploaded> uploadFolder(UUID ownerId, UUID parentId, List<Part> parts) {
        if (parts.isEmpty()) {
            return Uni.createFrom()
                    .failure(ApiException.validation(
                            "No file provided",
                            Map.of("files", "at least one file part, named by its relative path, is required")));
        }
        List<List<String>> paths;
        try {
            paths = parts.stream().map(p -> segments(p.relativePath())).toList();
        } catch (ApiException e) {
            parts.forEach(p -> deleteQuietly(p.spooled()));
            return Uni.createFrom().failure(e);
        }
        String top = paths.get(0).get(0);
        if (paths.stream().anyMatch(p -> p.size() < 2 || !p.get(0).equals(top))) {
            parts.forEach(p -> deleteQuietly(p.spooled()));
            return Uni.createFrom()
                    .failure(ApiException.validation(
                            "every path must be inside one top folder, like \"" + top + "/file.txt\""));
        }
        // Filled on a worker, read after it is done: what to discard if any later step fails.
        List<IncomingFile> stored = java.util.Collections.synchronizedList(new ArrayList<>());
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
                    try {
                        for (int i = 0; i < parts.size(); i++) {
                            Path spooled = parts.get(i).spooled();
                            if (Files.size(spooled) > config.maxUploadSize()) {
                                throw ApiException.tooLarge(parts.get(i).relativePath() + " is too large: the limit is "
                                        + config.maxUploadSize() + " bytes");
                            }
                            IncomingFile incoming = IncomingFile.inspect(spooled, last(paths.get(i)));
                            stored.add(incoming.stored(blobs.put(spooled, incoming.sha256())));
                        }
                        return List.copyOf(stored);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("storing the upload failed", e);
                    } finally {
                        parts.forEach(p -> deleteQuietly(p.spooled()));
                    }
                }))
                .chain(bytes -> Panache.withTransaction(
                        () -> folders.createAsOwner(ownerId, top, parentId).chain(root -> {
                            Map<String, Folder> made = new HashMap<>();
                            made.put(top, root);
                            return Multi.createFrom()
                                    .range(0, bytes.size())
                                    .onItem()
                                    .transformToUniAndConcatenate(i -> {
                                        List<String> path = paths.get(i);
                                        return folderFor(ownerId, path.subList(0, path.size() - 1), made)
                                                .chain(folder -> files.storeUploaded(
                                                        ownerId, folder.id, last(path), bytes.get(i)));
                                    })
                                    .collect()
                                    .asList()
                                    .map(list -> new FolderUploaded(root.id, root.name, list.size()));
                        })))
                .onFailure()
                .call(() -> Multi.createFrom()
                        .iterable(List.copyOf(stored))
                        .onItem()
                        .transformToUniAndConcatenate(collector::discardUnrecorded)
                        .collect()
                        .last());
    }

    /** The folder at {@code dirs}, made (with its parents) the first time a file needs it. */
    private Uni<Folder> folderFor(UUID ownerId, List<String> dirs, Map<String, Folder> made) {
        String key = String.join("/", dirs);
        Folder known = made.get(key);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return folderFor(ownerId, dirs.subList(0, dirs.size() - 1), made)
                .chain(parent -> folders.createAsOwner(ownerId, last(dirs), parent.id))
                .invoke(folder -> made.put(key, folder));
    }

    /** "a/b/c.txt" as its segments; 400 for absolute paths, "." or "..", empty segments or bad names. */
    static List<String> segments(String relativePath) {
        String p = relativePath == null ? "" : relativePath.replace('\\', '/');
        if (p.isBlank() || p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            throw ApiException.validation(
                    "'" + relativePath + "' is not a relative path",
                    Map.of("path", relativePath == null ? "" : relativePath));
        }
        List<String> segments = List.of(p.split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw ApiException.validation(
                        "'" + relativePath + "' has an empty, '.' or '..' segment", Map.of("path", relativePath));
            }
            Names.check("path", segment);
        }
        return segments;
    }

    private static String last(List<String> list) {
        return list.get(list.size() - 1);
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (java.io.IOException e) {
            LOG.warnf("could not remove %s: %s", path, e.getMessage());
        }
    }
}
