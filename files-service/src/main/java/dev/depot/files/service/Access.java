package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.files.Folder;
import dev.depot.files.Level;
import dev.depot.files.StoredFile;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.FolderRepository;
import dev.depot.files.repository.ShareGrantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Who may do what with a file or folder: its owner everything; anyone else what their unexpired
 * user-share grants on it, or on a folder above it, allow. Trashed things are their owner's alone.
 * No access at all answers 404, as for ids that do not exist; some access, but too little, 403.
 */
@ApplicationScoped
public class Access {

    private final FileRepository files;
    private final FolderRepository folders;
    private final ShareGrantRepository grants;

    public Access(FileRepository files, FolderRepository folders, ShareGrantRepository grants) {
        this.files = files;
        this.folders = folders;
        this.grants = grants;
    }

    /**
     * The file if the caller may act on it at {@code needed}. The owner always gets it, trashed or
     * not, and the service method the caller goes on to decide as it did before sharing existed.
     */
    @WithSession
    Uni<StoredFile> file(Caller caller, UUID id, Level needed) {
        return files.findById(id).chain(file -> {
            if (file != null && caller.owns(file.ownerId)) {
                return Uni.createFrom().item(file);
            }
            return levelOf(caller.id(), file).map(level -> allowed(level, needed, file, "file " + id));
        });
    }

    /** The folder if the caller may act on it at {@code needed}; as {@link #file} for its owner. */
    @WithSession
    Uni<Folder> folder(Caller caller, UUID id, Level needed) {
        return folders.findById(id).chain(folder -> {
            if (folder != null && caller.owns(folder.ownerId)) {
                return Uni.createFrom().item(folder);
            }
            return levelOf(caller.id(), folder).map(level -> allowed(level, needed, folder, "folder " + id));
        });
    }

    /**
     * Whose drive something new goes into: the caller's own (its root when {@code folderId} is null),
     * or the folder owner's when the caller may edit that folder; the owner's quota pays for it.
     */
    Uni<UUID> driveFor(Caller caller, UUID folderId) {
        return folderId == null
                ? Uni.createFrom().item(caller.id())
                : folder(caller, folderId, Level.EDIT).map(folder -> folder.ownerId);
    }

    /** The caller's level on a file: null when there is no caller, the file is missing or trashed, or no grant reaches it. */
    public Uni<Level> levelOf(UUID caller, StoredFile file) {
        if (caller == null || file == null || file.trashedAt != null) {
            return Uni.createFrom().nullItem();
        }
        if (file.ownerId.equals(caller)) {
            return Uni.createFrom().item(Level.OWNER);
        }
        return grants.levelsOnFile(caller, file.id, file.folderId).map(Access::highest);
    }

    /** The caller's level on a folder: null when it is missing or trashed or the caller holds no grant. */
    public Uni<Level> levelOf(UUID caller, Folder folder) {
        if (caller == null || folder == null || folder.trashedAt != null) {
            return Uni.createFrom().nullItem();
        }
        if (folder.ownerId.equals(caller)) {
            return Uni.createFrom().item(Level.OWNER);
        }
        return grants.levelsOnFolder(caller, folder.id).map(Access::highest);
    }

    /** The share whose admin grant gives the caller admin on the file (when admin comes from a share); else null. */
    public Uni<UUID> adminShareOf(UUID caller, StoredFile file) {
        return grants.adminShareOnFile(caller, file.id, file.folderId);
    }

    /** As {@link #adminShareOf(UUID, StoredFile)}, for a folder. */
    public Uni<UUID> adminShareOf(UUID caller, Folder folder) {
        return grants.adminShareOnFolder(caller, folder.id);
    }

    private static <T> T allowed(Level level, Level needed, T resource, String what) {
        if (level == null) {
            throw ApiException.notFound(what);
        }
        if (!level.atLeast(needed)) {
            throw ApiException.forbidden("this needs " + needed.key() + " access; you have " + level.key() + " access");
        }
        return resource;
    }

    private static Level highest(List<String> keys) {
        Level best = null;
        for (String key : keys) {
            Level l = Level.grantable(key);
            if (l != null && (best == null || l.atLeast(best))) {
                best = l;
            }
        }
        return best;
    }
}
