package dev.depot.files.service.dav;

import dev.depot.common.error.ApiException;
import dev.depot.files.DavProperty;
import dev.depot.files.Folder;
import dev.depot.files.Level;
import dev.depot.files.Names;
import dev.depot.files.StoredFile;
import dev.depot.files.repository.DavLockRepository;
import dev.depot.files.repository.DavPropertyRepository;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.FolderRepository;
import dev.depot.files.repository.ShareGrantRepository;
import dev.depot.files.service.Access;
import dev.depot.files.service.Caller;
import dev.depot.files.service.Download;
import dev.depot.files.service.DownloadService;
import dev.depot.files.service.FileService;
import dev.depot.files.service.FolderService;
import dev.depot.files.service.UploadService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final ShareGrantRepository grants;
    private final Access access;
    private final UploadService uploads;
    private final DownloadService downloads;

    public DavDrive(
            FolderRepository folders,
            FileRepository files,
            FolderService folderService,
            FileService fileService,
            DavPropertyRepository properties,
            DavLockRepository locks,
            ShareGrantRepository grants,
            Access access,
            UploadService uploads,
            DownloadService downloads) {
        this.uploads = uploads;
        this.downloads = downloads;
        this.grants = grants;
        this.access = access;
        this.folders = folders;
        this.files = files;
        this.folderService = folderService;
        this.fileService = fileService;
        this.properties = properties;
        this.locks = locks;
    }

    /** The collection where what others share with the caller appears, at the top of the drive. */
    public static final String SHARED = "Shared";

    /**
     * What a path names: a folder, a file, the Shared collection, or nothing (then {@code parent} is
     * the folder it would be created in, null when that does not exist either). {@code owner} is whose
     * drive holds it and {@code level} what the caller may do there; {@code entry} marks an item shared
     * with the caller, seen at the top of Shared/, which the caller may not rename, move or delete.
     */
    public record Node(
            String path,
            Folder folder,
            StoredFile file,
            Folder parent,
            UUID owner,
            Level level,
            boolean sharedRoot,
            boolean entry) {

        static Node own(String path, Folder folder, StoredFile file, Folder parent, UUID caller) {
            return new Node(path, folder, file, parent, caller, Level.OWNER, false, false);
        }

        public boolean exists() {
            return folder != null || file != null || sharedRoot;
        }

        public boolean isCollection() {
            return folder != null || sharedRoot;
        }

        public UUID id() {
            return folder != null ? folder.id : file != null ? file.id : null;
        }

        /** The last segment of the path ("" for the drive itself). */
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** The name to store under: a file's own name when it exists (Shared/ may show it numbered). */
        public String storedName() {
            return file != null ? file.filename : folder != null && !folder.root ? folder.name : name();
        }

        public boolean may(Level needed) {
            return level != null && level.atLeast(needed);
        }

        /**
         * 403 unless the caller may act here at {@code needed}. Every change the drive (and
         * {@link DavProperties#apply}) makes checks it itself; the resource asks first only to answer in
         * the order WebDAV clients expect (403 before 412 or 423).
         */
        public void require(Level needed) {
            if (level == null) {
                throw ApiException.forbidden("nothing can be added here: Shared/ lists what others share with you");
            }
            if (!may(needed)) {
                throw ApiException.forbidden(
                        "this needs " + needed.key() + " access; you have " + level.key() + " access to " + path);
            }
        }

        /** A folder or file directly inside this collection, as listed. */
        public Node child(String name, Folder f, StoredFile file) {
            return new Node(DavDrive.child(path, name), f, file, folder, owner, level, false, sharedRoot);
        }
    }

    /** "/" and the segments joined; segments are never empty, "." or "..". */
    public static String pathOf(List<String> segments) {
        return "/" + String.join("/", segments);
    }

    public static String parentOf(String path) {
        int cut = path.lastIndexOf('/');
        return cut <= 0 ? "/" : path.substring(0, cut);
    }

    /** Whether the path is directly in Shared/, where only what others share appears. */
    public static boolean atTopOfShared(String path) {
        return ("/" + SHARED).equals(parentOf(path));
    }

    public static String child(String parent, String name) {
        return ("/".equals(parent) ? "" : parent) + "/" + name;
    }

    /** What the path names in the caller's drive, with what the caller may do there. */
    @WithTransaction
    public Uni<Node> resolve(Caller who, String path) {
        UUID caller = who.id();
        if (path.equals("/" + SHARED) || path.startsWith("/" + SHARED + "/")) {
            return resolveShared(caller, path);
        }
        // The root is made on first use, as the REST API does.
        return folderService.root(caller).chain(root -> {
            if ("/".equals(path)) {
                return Uni.createFrom().item(Node.own(path, root, null, null, caller));
            }
            return within(caller, root, path.substring(1))
                    .map(found -> Node.own(path, found.folder(), found.file(), found.parent(), caller));
        });
    }

    /** What {@code rest} ("a/b/c") names below {@code base} in its owner's drive. */
    private Uni<Node> within(UUID ownerId, Folder base, String rest) {
        int cut = rest.lastIndexOf('/');
        String name = rest.substring(cut + 1);
        Uni<Folder> parent =
                cut < 0 ? Uni.createFrom().item(base) : folderAt(ownerId, base.childPath(rest.substring(0, cut)));
        return parent.chain(p -> {
            if (p == null) {
                return Uni.createFrom().item(new Node(rest, null, null, null, ownerId, null, false, false));
            }
            return folderAt(ownerId, p.childPath(name))
                    .chain(folder -> folder != null
                            ? Uni.createFrom().item(new Node(rest, folder, null, p, ownerId, null, false, false))
                            : files.find(
                                            "ownerId = ?1 and folderId = ?2 and filename = ?3 and trashedAt is null",
                                            ownerId,
                                            p.id,
                                            name)
                                    .firstResult()
                                    .map(file -> new Node(rest, null, file, p, ownerId, null, false, false)));
        });
    }

    /**
     * Shared/: each file and folder others share with the caller, by its name (numbered when two
     * share one), and below a shared folder its owner's tree, with the caller's level there.
     */
    private Uni<Node> resolveShared(UUID caller, String path) {
        String rest = path.length() <= SHARED.length() + 2 ? "" : path.substring(SHARED.length() + 2);
        if (rest.isEmpty()) {
            return Uni.createFrom().item(new Node(path, null, null, null, caller, Level.VIEW, true, false));
        }
        int cut = rest.indexOf('/');
        String entryName = cut < 0 ? rest : rest.substring(0, cut);
        return sharedEntries(caller).chain(entries -> {
            SharedEntry entry = entries.get(entryName);
            if (entry == null) {
                return Uni.createFrom().item(new Node(path, null, null, null, caller, null, false, false));
            }
            if (cut < 0) {
                if (entry.folder() != null) {
                    return access.levelOf(caller, entry.folder())
                            .map(l ->
                                    new Node(path, entry.folder(), null, null, entry.folder().ownerId, l, false, true));
                }
                // A shared file's folder is where new content for it is stored.
                return access.levelOf(caller, entry.file()).chain(l -> folders.findById(entry.file().folderId)
                        .map(parent ->
                                new Node(path, null, entry.file(), parent, entry.file().ownerId, l, false, true)));
            }
            if (entry.folder() == null) {
                return Uni.createFrom().item(new Node(path, null, null, null, caller, null, false, false));
            }
            Folder base = entry.folder();
            return within(base.ownerId, base, rest.substring(cut + 1)).chain(found -> {
                Uni<Level> level = found.folder() != null
                        ? access.levelOf(caller, found.folder())
                        : found.file() != null
                                ? access.levelOf(caller, found.file())
                                : found.parent() != null
                                        ? access.levelOf(caller, found.parent())
                                        : Uni.createFrom().nullItem();
                return level.map(l ->
                        new Node(path, found.folder(), found.file(), found.parent(), base.ownerId, l, false, false));
            });
        });
    }

    /** One item at the top of Shared/. */
    public record SharedEntry(String name, Folder folder, StoredFile file) {}

    /** What others share with the caller, by the name it has in Shared/. */
    @WithSession
    Uni<Map<String, SharedEntry>> sharedEntries(UUID caller) {
        return grants.heldBy(caller).chain(held -> {
            List<UUID> folderIds = held.stream()
                    .filter(g -> "folder".equals(g.resourceType))
                    .map(g -> g.resourceId)
                    .distinct()
                    .toList();
            List<UUID> fileIds = held.stream()
                    .filter(g -> "file".equals(g.resourceType))
                    .map(g -> g.resourceId)
                    .distinct()
                    .toList();
            Uni<List<Folder>> fs = folderIds.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : folders.list("id in ?1 and trashedAt is null", folderIds);
            Uni<List<StoredFile>> fl = fileIds.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : files.list("id in ?1 and trashedAt is null", fileIds);
            return fs.chain(sharedFolders -> fl.map(sharedFiles -> {
                Map<String, SharedEntry> byName = new LinkedHashMap<>();
                for (Folder f : sharedFolders) {
                    if (!f.ownerId.equals(caller)) {
                        String name = freeName(byName, f.name);
                        byName.put(name, new SharedEntry(name, f, null));
                    }
                }
                for (StoredFile f : sharedFiles) {
                    if (!f.ownerId.equals(caller)) {
                        String name = freeName(byName, f.filename);
                        byName.put(name, new SharedEntry(name, null, f));
                    }
                }
                return byName;
            }));
        });
    }

    private static String freeName(Map<String, SharedEntry> taken, String name) {
        String candidate = name;
        for (int n = 2; taken.containsKey(candidate); n++) {
            candidate = Names.numbered(name, n);
        }
        return candidate;
    }

    private Uni<Folder> folderAt(UUID ownerId, String path) {
        return folders.find("ownerId = ?1 and path = ?2 and trashedAt is null and root = false", ownerId, path)
                .firstResult();
    }

    /** What is directly in a collection, each with the path it has here (Shared/ numbers names that clash). */
    @WithSession
    public Uni<List<Node>> list(Caller caller, Node node) {
        if (node.sharedRoot()) {
            return sharedEntries(caller.id()).map(entries -> entries.values().stream()
                    .map(e -> node.child(e.name(), e.folder(), e.file()))
                    .toList());
        }
        return folders.liveChildren(node.owner(), node.folder().id).chain(subfolders -> files.find(
                        "ownerId = ?1 and folderId = ?2 and trashedAt is null",
                        io.quarkus.panache.common.Sort.ascending("filename"),
                        node.owner(),
                        node.folder().id)
                .list()
                .map(fs -> {
                    List<Node> children = new ArrayList<>();
                    subfolders.forEach(f -> children.add(node.child(f.name, f, null)));
                    fs.forEach(f -> children.add(node.child(f.filename, null, f)));
                    return children;
                }));
    }

    /**
     * One page of what is directly in a folder, its subfolders first then its files, each by name: a
     * listing of any size is read a page at a time. The Shared collection comes whole (it is small).
     */
    @WithSession
    public Uni<List<Node>> childrenPage(Caller caller, Node node, boolean ofFolders, int index, int size) {
        if (node.sharedRoot()) {
            return index > 0 || !ofFolders ? Uni.createFrom().item(List.of()) : list(caller, node);
        }
        if (ofFolders) {
            return folders.find(
                            "ownerId = ?1 and parentId = ?2 and trashedAt is null",
                            io.quarkus.panache.common.Sort.ascending("name", "id"),
                            node.owner(),
                            node.folder().id)
                    .page(index, size)
                    .list()
                    .map(found ->
                            found.stream().map(f -> node.child(f.name, f, null)).toList());
        }
        return files.find(
                        "ownerId = ?1 and folderId = ?2 and trashedAt is null",
                        io.quarkus.panache.common.Sort.ascending("filename", "id"),
                        node.owner(),
                        node.folder().id)
                .page(index, size)
                .list()
                .map(found ->
                        found.stream().map(f -> node.child(f.filename, null, f)).toList());
    }

    /** GET of a file: its bytes, for a caller who may download them. */
    public Uni<Download> download(Node node) {
        node.require(Level.DOWNLOAD);
        return downloads.owned(node.owner(), node.file().id);
    }

    /**
     * PUT: the bytes under {@code name} in the node's folder, for a caller who may edit there; the file
     * is the drive owner's, whoever writes it.
     */
    public Uni<UploadService.Put> put(Node node, String name, java.nio.file.Path spooled) {
        node.require(Level.EDIT);
        return uploads.put(node.owner(), node.parent().id, name, spooled);
    }

    /** MKCOL: 405 where something is already, 409 where the parent is missing. */
    public Uni<Folder> makeCollection(Node node) {
        if (node.exists()) {
            return Uni.createFrom().failure(new ApiException(405, "MethodNotAllowed", node.path() + " already exists"));
        }
        if (node.parent() == null) {
            return Uni.createFrom()
                    .failure(ApiException.conflict("the folder above " + node.path() + " does not exist", null));
        }
        node.require(Level.EDIT);
        return folderService.createAsOwner(node.owner(), node.name(), node.parent().id);
    }

    /** DELETE: to the trash of the drive that holds it, as in the app; the caller's locks on the path and below go. */
    public Uni<Void> delete(Caller caller, Node node) {
        node.require(Level.EDIT);
        Uni<Void> gone = node.folder() != null
                ? folderService.trashAsOwner(node.owner(), node.folder().id)
                : fileService.trashAsOwner(node.owner(), node.file().id).replaceWithVoid();
        return gone.chain(() -> releaseLocks(caller, node.path()));
    }

    private Uni<Void> releaseLocks(Caller caller, String path) {
        return Panache.withTransaction(() -> locks.releaseAt(caller.id(), path)).replaceWithVoid();
    }

    /**
     * MOVE to a free place in the same drive (the caller trashed what was there, when Overwrite
     * allowed it). The resource keeps its id, so its dead properties follow; the locks on the old path go.
     */
    public Uni<Void> move(Caller caller, Node from, Node to) {
        from.require(Level.EDIT);
        to.require(Level.EDIT);
        String name = Names.check("name", to.name());
        Uni<Void> moved = from.folder() != null
                ? folderService
                        .updateAsOwner(from.owner(), from.folder().id, name, to.parent().id)
                        .replaceWithVoid()
                : fileService
                        .updateAsOwner(from.owner(), from.file().id, new FileService.Change(name, to.parent().id))
                        .replaceWithVoid();
        return moved.chain(() -> releaseLocks(caller, from.path()));
    }

    /**
     * COPY to a free place, into the drive that holds the destination: a file as a new file naming
     * the same bytes; a folder with (depth infinity) or without (depth 0) everything in it. Dead
     * properties are copied too.
     */
    public Uni<Void> copy(Caller caller, Node from, Node to, boolean deep) {
        from.require(Level.DOWNLOAD);
        to.require(Level.EDIT);
        String name = Names.check("name", to.name());
        if (from.file() != null) {
            return fileService
                    .copy(to.owner(), from.file(), to.parent().id, name)
                    .chain(copy -> copyProperties(from.file().id, copy.id));
        }
        return copyFolder(caller, to.owner(), from.folder(), to.parent().id, name, deep);
    }

    private Uni<Void> copyFolder(Caller caller, UUID ownerId, Folder source, UUID parentId, String name, boolean deep) {
        return folderService.createAsOwner(ownerId, name, parentId).chain(copy -> copyProperties(source.id, copy.id)
                .chain(() ->
                        deep ? contentsOf(caller, source) : Uni.createFrom().item(List.<Node>of()))
                .chain(children -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Node child : children) {
                        chain = chain.chain(() -> child.file() != null
                                ? fileService
                                        .copy(ownerId, child.file(), copy.id, child.file().filename)
                                        .chain(c -> copyProperties(child.file().id, c.id))
                                : copyFolder(caller, ownerId, child.folder(), copy.id, child.folder().name, true));
                    }
                    return chain;
                }));
    }

    private Uni<List<Node>> contentsOf(Caller caller, Folder folder) {
        return Panache.withSession(
                () -> list(caller, new Node("", folder, null, null, folder.ownerId, Level.OWNER, false, false)));
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
