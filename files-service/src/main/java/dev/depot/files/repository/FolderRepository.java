package dev.depot.files.repository;

import dev.depot.files.Folder;
import dev.depot.files.StoredFile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Folders, always scoped to their owner; subtree operations in single statements. */
@ApplicationScoped
public class FolderRepository implements PanacheRepositoryBase<Folder, UUID> {

    /**
     * Every folder below and including ?1, trashed or not. The CYCLE clause makes it end even on a
     * parent cycle, which the tree lock prevents but which one bad row must never turn into a query
     * that runs forever.
     */
    static final String SUBTREE = "WITH RECURSIVE sub(id) AS (SELECT id FROM folder WHERE id = ?1 "
            + "UNION ALL SELECT f.id FROM folder f JOIN sub s ON f.parent_id = s.id) CYCLE id SET cyclic USING route ";

    /**
     * Serialises every change to one owner's folder tree (create, rename, move, trash, restore,
     * delete) until the transaction ends. Two crossing moves or two renames of one folder would
     * otherwise each check and write from what they read before the other committed.
     */
    public Uni<Void> lockTree(UUID ownerId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(?1)) l", Long.class)
                        .setParameter(1, treeLockKey(ownerId))
                        .getSingleResult())
                .replaceWithVoid();
    }

    /** One 64-bit advisory-lock key per owner; a collision only serialises two owners' trees together. */
    static long treeLockKey(UUID ownerId) {
        return ownerId.getMostSignificantBits() ^ ownerId.getLeastSignificantBits();
    }

    public Uni<Folder> findOwned(UUID ownerId, UUID id) {
        return find("id = ?1 and ownerId = ?2", id, ownerId).firstResult();
    }

    public Uni<Folder> findLive(UUID ownerId, UUID id) {
        return find("id = ?1 and ownerId = ?2 and trashedAt is null", id, ownerId)
                .firstResult();
    }

    public Uni<Folder> root(UUID ownerId) {
        return find("ownerId = ?1 and root = true", ownerId).firstResult();
    }

    /** Inserts the root unless the owner has one; a concurrent insert waits and then does nothing. */
    public Uni<Integer> insertRootIfAbsent(Folder root) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO folder (id, owner_id, parent_id, name, path, is_root, is_starred, created_at, updated_at) "
                                + "VALUES (?1, ?2, NULL, '', '/', TRUE, FALSE, ?3, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, root.id)
                .setParameter(2, root.ownerId)
                .setParameter(3, root.createdAt)
                .executeUpdate());
    }

    public Uni<List<Folder>> liveChildren(UUID ownerId, UUID parentId) {
        return find("ownerId = ?1 and parentId = ?2 and trashedAt is null", Sort.ascending("name"), ownerId, parentId)
                .list();
    }

    /**
     * The owner's folders (never the root) below one parent, or anywhere when {@code parentId} is null,
     * by name: live ones, or trashed ones; trashed ones from anywhere are only the trash entries.
     */
    public Uni<List<Folder>> listed(UUID ownerId, UUID parentId, boolean starredOnly, boolean trashed) {
        StringBuilder q = new StringBuilder("ownerId = :owner and root = false");
        io.quarkus.panache.common.Parameters p = io.quarkus.panache.common.Parameters.with("owner", ownerId);
        q.append(trashed ? " and trashedAt is not null" : " and trashedAt is null");
        if (parentId != null) {
            q.append(" and parentId = :parent");
            p.and("parent", parentId);
        } else if (trashed) {
            q.append(" and trashedWith = id");
        }
        if (starredOnly) {
            q.append(" and starred = true");
        }
        return find(q.toString(), Sort.ascending("name").and("id"), p).list();
    }

    public Uni<Boolean> nameTaken(UUID ownerId, UUID parentId, String name, UUID except) {
        return count(
                        "ownerId = ?1 and parentId = ?2 and lower(name) = lower(?3) and trashedAt is null and id <> ?4",
                        ownerId,
                        parentId,
                        name,
                        except == null ? new UUID(0, 0) : except)
                .map(n -> n > 0);
    }

    /** Whether {@code candidate} is {@code folderId} or lies below it. */
    public Uni<Boolean> subtreeContains(UUID folderId, UUID candidate) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(SUBTREE + "SELECT count(*) FROM sub WHERE id = ?2", Long.class)
                        .setParameter(1, folderId)
                        .setParameter(2, candidate)
                        .getSingleResult())
                .map(n -> n > 0);
    }

    /**
     * Whether {@code folderId} is {@code rootId} or lies below it with every folder on the way up
     * to {@code rootId}, both included, live.
     */
    public Uni<Boolean> liveWithin(UUID rootId, UUID folderId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "WITH RECURSIVE up(id, parent_id, live, depth) AS ("
                                        + "SELECT id, parent_id, trashed_at IS NULL, 0 FROM folder WHERE id = ?1 "
                                        + "UNION ALL SELECT f.id, f.parent_id, f.trashed_at IS NULL, u.depth + 1 FROM folder f "
                                        + "JOIN up u ON f.id = u.parent_id WHERE u.id <> ?2 AND u.depth < 10000) "
                                        + "SELECT count(*) FROM up WHERE id = ?2 AND NOT EXISTS (SELECT 1 FROM up WHERE NOT live)",
                                Long.class)
                        .setParameter(1, folderId)
                        .setParameter(2, rootId)
                        .getSingleResult())
                .map(n -> n > 0);
    }

    /**
     * After the folder's own path changed (and was flushed): every descendant's path is recomputed
     * from the committed parent chain and names, never patched from a path read earlier.
     */
    public Uni<Integer> rewriteDescendantPaths(UUID folderId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "WITH RECURSIVE sub(id, path) AS (SELECT id, path FROM folder WHERE id = ?1 "
                                + "UNION ALL SELECT f.id, " + CHILD_PATH
                                + " FROM folder f JOIN sub s ON f.parent_id = s.id) "
                                + "CYCLE id SET cyclic USING route "
                                + "UPDATE folder SET path = sub.path FROM sub "
                                + "WHERE folder.id = sub.id AND folder.id <> ?1 AND NOT sub.cyclic AND folder.path <> sub.path")
                .setParameter(1, folderId)
                .executeUpdate());
    }

    /** A child's path from its parent's ({@code s.path}) and its own name, as {@link Folder#childPath}. */
    static final String CHILD_PATH = "CASE WHEN s.path = '/' THEN '/' || f.name ELSE s.path || '/' || f.name END";

    /** Trashes the live part of the subtree, marking each row with the folder that took it. */
    public Uni<Integer> trashSubtree(UUID folderId, OffsetDateTime now) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        SUBTREE
                                + "UPDATE folder SET trashed_at = ?2, trashed_with = ?1 WHERE id IN (SELECT id FROM sub) AND trashed_at IS NULL")
                .setParameter(1, folderId)
                .setParameter(2, now)
                .executeUpdate());
    }

    public Uni<Integer> trashFilesOfSubtree(UUID folderId, OffsetDateTime now) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SUBTREE
                        + "UPDATE stored_file SET trashed_at = ?2, trashed_with = ?1 "
                        + "WHERE folder_id IN (SELECT id FROM sub) AND trashed_at IS NULL")
                .setParameter(1, folderId)
                .setParameter(2, now)
                .executeUpdate());
    }

    /** Brings back exactly the folders the trashing of {@code folderId} took. */
    public Uni<Integer> restoreTakenWith(UUID folderId) {
        return update("trashedAt = null, trashedWith = null where trashedWith = ?1", folderId);
    }

    /**
     * Every file in the folder and below it, trashed or not, detached: they are about to be deleted by a bulk
     * statement, and a managed copy would be flushed after its row is gone.
     */
    public Uni<List<StoredFile>> filesOfSubtree(UUID folderId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        SUBTREE + "SELECT * FROM stored_file WHERE folder_id IN (SELECT id FROM sub)", StoredFile.class)
                .setParameter(1, folderId)
                .getResultList()
                .invoke(files -> files.forEach(s::detach)));
    }

    public Uni<Integer> deleteFilesOfSubtree(UUID folderId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        SUBTREE + "DELETE FROM stored_file WHERE folder_id IN (SELECT id FROM sub)")
                .setParameter(1, folderId)
                .executeUpdate());
    }

    public Uni<Integer> deleteSubtree(UUID folderId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(SUBTREE + "DELETE FROM folder WHERE id IN (SELECT id FROM sub)")
                        .setParameter(1, folderId)
                        .executeUpdate());
    }
}
