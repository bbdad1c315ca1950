package dev.depot.files.repository;

import dev.depot.files.ShareGrant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** User-share grants: kept in step with sharing-service's events, read on every non-owner access. */
@ApplicationScoped
public class ShareGrantRepository implements PanacheRepositoryBase<ShareGrant, UUID> {

    /** The folder ?1 and every folder above it, up to the owner's root. */
    static final String ANCESTORS_OR_SELF = "WITH RECURSIVE up(id, parent_id) AS ("
            + "SELECT id, parent_id FROM folder WHERE id = ?1 "
            + "UNION SELECT f.id, f.parent_id FROM folder f JOIN up u ON f.id = u.parent_id) ";

    /** As {@link #ANCESTORS_OR_SELF}, with each folder's distance from ?1 (0 for ?1 itself). */
    static final String ANCESTORS_OR_SELF_BY_DEPTH = "WITH RECURSIVE up(id, parent_id, depth) AS ("
            + "SELECT id, parent_id, 0 FROM folder WHERE id = ?1 "
            + "UNION SELECT f.id, f.parent_id, u.depth + 1 FROM folder f JOIN up u ON f.id = u.parent_id) ";

    private static final String UNEXPIRED_OF = "g.grantee_id = ?2 AND (g.expires_at IS NULL OR g.expires_at > now())";

    private final Clock clock;

    public ShareGrantRepository(Clock clock) {
        this.clock = clock;
    }

    /** Inserts or replaces the grant of a share, unless the row already holds a newer state of it. */
    public Uni<Integer> upsert(ShareGrant g) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO share_grant (share_id, owner_id, resource_type, resource_id, grantee_id, permission_level, "
                                + "expires_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                + "ON CONFLICT (share_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, "
                                + "resource_type = EXCLUDED.resource_type, resource_id = EXCLUDED.resource_id, "
                                + "grantee_id = EXCLUDED.grantee_id, permission_level = EXCLUDED.permission_level, "
                                + "expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at "
                                + "WHERE share_grant.updated_at <= EXCLUDED.updated_at")
                .setParameter(1, g.shareId)
                .setParameter(2, g.ownerId)
                .setParameter(3, g.resourceType)
                .setParameter(4, g.resourceId)
                .setParameter(5, g.granteeId)
                .setParameter(6, g.permissionLevel)
                .setParameter(7, g.expiresAt)
                .setParameter(8, g.updatedAt)
                .executeUpdate());
    }

    /** The unexpired grants others gave {@code grantee}: what is shared with them. */
    public Uni<List<ShareGrant>> heldBy(UUID grantee) {
        return list(
                "granteeId = ?1 and (expiresAt is null or expiresAt > ?2)",
                Sort.ascending("updatedAt"),
                grantee,
                java.time.OffsetDateTime.now(clock));
    }

    public Uni<Long> deleteShare(UUID shareId) {
        return delete("shareId", shareId);
    }

    /** The levels {@code grantee} holds, unexpired, on the file or on its folder or any folder above. */
    public Uni<List<String>> levelsOnFile(UUID grantee, UUID fileId, UUID folderId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        ANCESTORS_OR_SELF
                                + "SELECT g.permission_level FROM share_grant g WHERE " + UNEXPIRED_OF
                                + " AND ((g.resource_type = 'file' AND g.resource_id = ?3) "
                                + "OR (g.resource_type = 'folder' AND g.resource_id IN (SELECT id FROM up)))",
                        String.class)
                .setParameter(1, folderId)
                .setParameter(2, grantee)
                .setParameter(3, fileId)
                .getResultList());
    }

    /** The levels {@code grantee} holds, unexpired, on the folder or on any folder above it. */
    public Uni<List<String>> levelsOnFolder(UUID grantee, UUID folderId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        ANCESTORS_OR_SELF
                                + "SELECT g.permission_level FROM share_grant g WHERE " + UNEXPIRED_OF
                                + " AND g.resource_type = 'folder' AND g.resource_id IN (SELECT id FROM up)",
                        String.class)
                .setParameter(1, folderId)
                .setParameter(2, grantee)
                .getResultList());
    }

    /**
     * The share behind an unexpired admin grant of {@code grantee} that reaches the file: one on the file
     * itself first, then the nearest folder above. sharing-service records it as what a re-share came through.
     */
    public Uni<UUID> adminShareOnFile(UUID grantee, UUID fileId, UUID folderId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                ANCESTORS_OR_SELF_BY_DEPTH
                                        + "SELECT g.share_id FROM share_grant g LEFT JOIN up ON g.resource_type = 'folder' AND g.resource_id = up.id "
                                        + "WHERE " + UNEXPIRED_OF + " AND g.permission_level = 'admin' "
                                        + "AND ((g.resource_type = 'file' AND g.resource_id = ?3) OR up.id IS NOT NULL) "
                                        + "ORDER BY COALESCE(up.depth, -1), g.updated_at DESC LIMIT 1",
                                UUID.class)
                        .setParameter(1, folderId)
                        .setParameter(2, grantee)
                        .setParameter(3, fileId)
                        .getResultList())
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    /** As {@link #adminShareOnFile}, for a folder: a grant on it first, then the nearest folder above. */
    public Uni<UUID> adminShareOnFolder(UUID grantee, UUID folderId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                ANCESTORS_OR_SELF_BY_DEPTH
                                        + "SELECT g.share_id FROM share_grant g JOIN up ON g.resource_id = up.id "
                                        + "WHERE " + UNEXPIRED_OF
                                        + " AND g.permission_level = 'admin' AND g.resource_type = 'folder' "
                                        + "ORDER BY up.depth, g.updated_at DESC LIMIT 1",
                                UUID.class)
                        .setParameter(1, folderId)
                        .setParameter(2, grantee)
                        .getResultList())
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    /** Before a folder is deleted for good: the grants on it, on the folders below it and on their files. */
    public Uni<Integer> deleteForSubtree(UUID folderId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(FolderRepository.SUBTREE
                        + "DELETE FROM share_grant WHERE (resource_type = 'folder' AND resource_id IN (SELECT id FROM sub)) "
                        + "OR (resource_type = 'file' AND resource_id IN "
                        + "(SELECT id FROM stored_file WHERE folder_id IN (SELECT id FROM sub)))")
                .setParameter(1, folderId)
                .executeUpdate());
    }

    public Uni<Long> deleteForFile(UUID fileId) {
        return delete("resourceType = 'file' and resourceId = ?1", fileId);
    }
}
