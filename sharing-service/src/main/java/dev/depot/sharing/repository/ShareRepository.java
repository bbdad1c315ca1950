package dev.depot.sharing.repository;

import dev.depot.sharing.Share;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ShareRepository implements PanacheRepositoryBase<Share, UUID> {

    private static final Sort NEWEST = Sort.descending("createdAt").and("id");

    /** The owner's shares that have not been revoked, newest first. */
    public PanacheQuery<Share> activeOf(UUID ownerId) {
        return find("ownerId = ?1 and revokedAt is null", NEWEST, ownerId);
    }

    public Uni<Share> findOwned(UUID ownerId, UUID id) {
        return find("id = ?1 and ownerId = ?2 and revokedAt is null", id, ownerId).firstResult();
    }

    public Uni<Share> byTokenHash(String hash) {
        return find("publicTokenHash = ?1 and revokedAt is null", hash).firstResult();
    }

    /** The owner's active shares of one resource. */
    public Uni<List<Share>> ofResource(UUID ownerId, String type, UUID resourceId) {
        return find("ownerId = ?1 and resourceType = ?2 and resourceId = ?3 and revokedAt is null", NEWEST, ownerId,
                type, resourceId).list();
    }

    public Uni<Share> userShare(String type, UUID resourceId, UUID userId) {
        return find("resourceType = ?1 and resourceId = ?2 and sharedWithUserId = ?3 and revokedAt is null",
                type, resourceId, userId).firstResult();
    }

    /** What others shared with the user and is still in force. */
    public Uni<List<Share>> withUser(UUID userId, int max) {
        return find("sharedWithUserId = ?1 and revokedAt is null and (expiresAt is null or expiresAt > ?2)", NEWEST,
                userId, OffsetDateTime.now()).range(0, max - 1).list();
    }

    /** Every share of a resource, whoever made it (the resource is gone). */
    public Uni<List<Share>> allOfResource(String type, UUID resourceId) {
        return list("resourceType = ?1 and resourceId = ?2", type, resourceId);
    }

    /** Counts one use against the limit: one UPDATE, so N concurrent uses of a limit N link all fit exactly. */
    public Uni<Boolean> consumeUse(UUID id) {
        return update("downloadCount = downloadCount + 1, updatedAt = ?2 where id = ?1 and revokedAt is null"
                + " and (downloadLimit is null or downloadCount < downloadLimit)", id, OffsetDateTime.now())
                .map(rows -> rows == 1);
    }

    /** Gives a use back when what it was for failed afterwards. */
    public Uni<Integer> returnUse(UUID id) {
        return update("downloadCount = downloadCount - 1 where id = ?1 and downloadCount > 0", id);
    }
}
