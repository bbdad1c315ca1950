package dev.depot.files.service.dav;

import dev.depot.common.error.ApiException;
import dev.depot.files.DavProperty;
import dev.depot.files.Folder;
import dev.depot.files.Names;
import dev.depot.files.StoredFile;
import dev.depot.files.repository.DavLockRepository;
import dev.depot.files.repository.DavPropertyRepository;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.FolderRepository;
import dev.depot.files.service.FileService;
import dev.depot.files.service.FolderService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A user's drive as WebDAV sees it: paths of names ("/a/b/c.txt") over the same folders and files
 * as the REST API, changed through the same services, so quotas, events and name rules are theirs.
 */
@ApplicationScoped
public class DavDrive {

    private final FolderRepository folders;
    private final FileRepository files;
    private final FolderService folderService;
    private final FileService fileService;
    private final DavPropertyRepository properties;
    private final DavLockRepository locks;

    public DavDrive(FolderRepository folders, FileRepository files, FolderService folderService, FileService fileService,
            DavPropertyRepository properties, DavLockRepository locks) {
        this.folders = folders;
        this.files = files;
        this.folderService = folderService;
        this.fileService = fileService;
        this.properties = properties;
        this.locks = locks;
    }

    /**
     * What a path names: a folder, a file, or nothing (then {@code parent} is the folder it would be
     * created in, null when that does not exist either).
     */
    public record Node(String path, Folder folder, StoredFile file, Folder parent) {

        public boolean exists() {
            return folder != null || file != null;
        }

        public boolean isCollection() {
            return folder != null;
        }

        public UUID id() {
            return folder != null ? folder.id : file != null ? file.id : null;
        }

        /** The last segment of the path ("" for the drive itself). */
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** A folder and what is directly in it. */
    public record Listing(Node node, List<Folder> folders, List<StoredFile> files) {
    }

    /** "/" and the segments joined; segments are never empty, "." or "..". */
    public static String pathOf(List<String> segments) {
        return "/" + String.join("/", segments);
    }

    public static String parentOf(String path) {
        int cut = path.lastIndexOf('/');
        return cut <= 0 ? "/" : path.substring(0, cut);
    }

    @WithTransaction
    public Uni<Node> resolve(UUID ownerId, String path) {
        // The root is made on first use, as the REST API does.
        return folderService.root(ownerId).chain(root -> {
            if ("/".equals(path)) {
                return Uni.createFrom().item(new Node(path, root, null, null));
            }
            String parentPath = parentOf(path);
            String name = path.substring(path.lastIndexOf('/') + 1);
            Uni<Folder> parent = "/".equals(parentPath) ? Uni.createFrom().item(root) : folderAt(ownerId, parentPath);
            return parent.chain(p -> {
                if (p == null) {
                    return Uni.createFrom().item(new Node(path, null, null, null));
                }
                return folderAt(ownerId, path).chain(folder -> folder != null
                        ? Uni.createFrom().item(new Node(path, folder, null, p))
                        : files.find("ownerId = ?1 and folderId = ?2 and filename = ?3 and trashedAt is null",
                                ownerId, p.id, name).firstResult().map(file -> new Node(path, null, file, p)));
            });
        });
    }

    private Uni<Folder> folderAt(UUID ownerId, String path) {
        return folders.find("ownerId = ?1 and path = ?2 and trashedAt is null and root = false", ownerId, path)
                .firstResult();
    }

    @WithSession
    public Uni<Listing> list(UUID ownerId, Node node) {
        return folders.liveChildren(ownerId, node.folder().id)
                .chain(subfolders -> files.find("ownerId = ?1 and folderId = ?2 and trashedAt is null",
                        io.quarkus.panache.common.Sort.ascending("filename"), ownerId, node.folder().id).list()
                        .map(fs -> new Listing(node, subfolders, fs)));
    }

    /** MKCOL: 405 where something is already, 409 where the parent is missing. */
    public Uni<Folder> makeCollection(UUID ownerId, Node node) {
        if (node.exists()) {
            return Uni.createFrom().failure(new ApiException(405, "MethodNotAllowed", node.path() + " already exists"));
        }
        if (node.parent() == null) {
            return Uni.createFrom().failure(ApiException.conflict("the folder above " + node.path() + " does not exist", null));
        }
        return folderService.create(ownerId, node.name(), node.parent().id);
    }

    /** DELETE: to the trash, as in the app; the locks on the path and below go. */
    public Uni<Void> delete(UUID ownerId, Node node) {
        if (node.folder() != null && node.folder().root) {
            return Uni.createFrom().failure(ApiException.forbidden("the drive itself cannot be deleted"));
        }
        Uni<Void> gone = node.folder() != null ? folderService.trash(ownerId, node.folder().id)
                : fileService.trash(ownerId, node.file().id).replaceWithVoid();
        return gone.chain(() -> releaseLocks(ownerId, node.path()));
    }

    private Uni<Void> releaseLocks(UUID ownerId, String path) {
        return Panache.withTransaction(() -> locks.releaseAt(ownerId, path)).replaceWithVoid();
    }

    /**
     * MOVE to a place that is free (the caller trashed what was there, when Overwrite allowed it).
     * The resource keeps its id, so its dead properties follow; the locks on the old path go.
     */
    public Uni<Void> move(UUID ownerId, Node from, Node to) {
        String name = Names.check("name", to.name());
        Uni<Void> moved = from.folder() != null
                ? folderService.update(ownerId, from.folder().id, name, to.parent().id).replaceWithVoid()
                : fileService.update(ownerId, from.file().id, new FileService.Change(name, to.parent().id)).replaceWithVoid();
        return moved.chain(() -> releaseLocks(ownerId, from.path()));
    }

    /**
     * COPY to a free place: a file as a new file naming the same bytes; a folder with (depth
     * infinity) or without (depth 0) everything in it. Dead properties are copied too.
     */
    public Uni<Void> copy(UUID ownerId, Node from, Node to, boolean deep) {
        String name = Names.check("name", to.name());
        if (from.file() != null) {
            return fileService.copy(ownerId, from.file(), to.parent().id, name)
                    .chain(copy -> copyProperties(from.file().id, copy.id));
        }
        return copyFolder(ownerId, from.folder(), to.parent().id, name, deep);
    }

    private Uni<Void> copyFolder(UUID ownerId, Folder source, UUID parentId, String name, boolean deep) {
        return folderService.create(ownerId, name, parentId).chain(copy -> copyProperties(source.id, copy.id)
                .chain(() -> deep ? contentsOf(ownerId, source) : Uni.createFrom().item((Listing) null))
                .chain(listing -> {
                    if (listing == null) {
                        return Uni.createFrom().voidItem();
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (StoredFile f : listing.files()) {
                        chain = chain.chain(() -> fileService.copy(ownerId, f, copy.id, f.filename)
                                .chain(c -> copyProperties(f.id, c.id)));
                    }
                    for (Folder sub : listing.folders()) {
                        chain = chain.chain(() -> copyFolder(ownerId, sub, copy.id, sub.name, true));
                    }
                    return chain;
                }));
    }

    private Uni<Listing> contentsOf(UUID ownerId, Folder folder) {
        return Panache.withSession(() -> list(ownerId, new Node("", folder, null, null)));
    }

    private Uni<Void> copyProperties(UUID from, UUID to) {
        return Panache.withTransaction(() -> properties.of(List.of(from)).chain(found -> {
            List<DavProperty> copies = new ArrayList<>();
            for (DavProperty p : found) {
                DavProperty c = new DavProperty();
                c.resourceId = to;
                c.namespace = p.namespace;
                c.name = p.name;
                c.xml = p.xml;
                copies.add(c);
            }
            return copies.isEmpty() ? Uni.createFrom().voidItem() : properties.persist(copies);
        }));
    }
}
