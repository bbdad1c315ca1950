package dev.depot.sharing.repository;

import dev.depot.sharing.Share;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ShareRepository implements PanacheRepositoryBase<Share, UUID> {

    private static final Sort NEWEST = Sort.descending("createdAt").and("id");

    private final Clock clock;

    public ShareRepository(Clock clock) {
        this.clock = clock;
    }

    /**
     * Who may manage a share: the resource's owner, and its maker while the grant it was made through still
     * gives the maker admin (a maker without one is the resource's owner, or predates provenance).
     * files-service has the last word on the maker's access now; this is what sharing-service itself knows.
     */
    private static final String MANAGED_BY =
            "(s.resourceOwnerId = :caller or (s.ownerId = :caller and (s.grantedVia is null"
                    + " or exists (select g.id from Share g where g.id = s.grantedVia and g.revokedAt is null"
                    + " and g.permissionLevel = 'admin' and g.sharedWithUserId = :caller"
                    + " and (g.expiresAt is null or g.expiresAt > :now)))))";

    /**
     * MANAGED_BY, or a user share naming the caller that is in force, written flat: Hibernate's HQL parser
     * (ANTLR) needs memory exponential in the nesting of parenthesised conditions, and wrapping MANAGED_BY in
     * one more level ran a 192 MB service out of heap on the first list.
     */
    private static final String MANAGED_BY_OR_SHARED_WITH = "(s.resourceOwnerId = :caller"
            + " or s.sharedWithUserId = :caller and (s.expiresAt is null or s.expiresAt > :now)"
            + " or s.ownerId = :caller and s.grantedVia is null"
            + " or s.ownerId = :caller and s.grantedVia in (select g.id from Share g where g.revokedAt is null"
            + " and g.permissionLevel = 'admin' and g.sharedWithUserId = :caller"
            + " and (g.expiresAt is null or g.expiresAt > :now)))";

    private Parameters caller(UUID caller) {
        return Parameters.with("caller", caller).and("now", OffsetDateTime.now(clock));
    }

    /** The active shares the caller may manage, newest first. */
    public PanacheQuery<Share> manageableBy(UUID caller) {
        return find("from Share s where s.revokedAt is null and " + MANAGED_BY, NEWEST, caller(caller));
    }

    /** The active shares the caller may manage and those in force that name the caller, newest first. */
    public PanacheQuery<Share> listedFor(UUID caller) {
        return find("from Share s where s.revokedAt is null and " + MANAGED_BY_OR_SHARED_WITH, NEWEST, caller(caller));
    }

    /** One active share if the caller may manage it; locked (FOR UPDATE) when it is about to change. */
    public Uni<Share> findManageable(UUID caller, UUID id, boolean forUpdate) {
        PanacheQuery<Share> q = find(
                "from Share s where s.id = :id and s.revokedAt is null and " + MANAGED_BY,
                caller(caller).and("id", id));
        return (forUpdate ? q.withLock(LockModeType.PESSIMISTIC_WRITE) : q).firstResult();
    }

    /** The active shares of one resource that the caller may manage. */
    public Uni<List<Share>> ofResourceManageableBy(UUID caller, String type, UUID resourceId) {
        return find(
                        "from Share s where s.resourceType = :type and s.resourceId = :resource and s.revokedAt is null and "
                                + MANAGED_BY,
                        NEWEST,
                        caller(caller).and("type", type).and("resource", resourceId))
                .list();
    }

    /** The active shares of one resource that the caller may manage or that name the caller (in force). */
    public Uni<List<Share>> ofResourceVisibleTo(UUID caller, String type, UUID resourceId) {
        return find(
                        "from Share s where s.resourceType = :type and s.resourceId = :resource and s.revokedAt is null and "
                                + MANAGED_BY_OR_SHARED_WITH,
                        NEWEST,
                        caller(caller).and("type", type).and("resource", resourceId))
                .list();
    }

    /**
     * The grant a non-owner shares through, locked FOR SHARE for the rest of the creating transaction: a
     * revocation locks it FOR UPDATE before it looks for what was made through it, so the two serialize and
     * either the revocation sees the new share or the new share sees the revocation.
     */
    public Uni<Share> lockGrant(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_READ);
    }

    /** The active shares made through any of {@code grantIds}, locked as they are about to be revoked. */
    public Uni<List<Share>> madeThroughForUpdate(List<UUID> grantIds) {
        return find("grantedVia in ?1 and revokedAt is null", grantIds)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    public Uni<Share> byTokenHash(String hash) {
        return find("publicTokenHash = ?1 and revokedAt is null", hash).firstResult();
    }

    /** The active share of a resource with a user (at most one). */
    public Uni<Share> userShare(String type, UUID resourceId, UUID userId) {
        return find(
                        "resourceType = ?1 and resourceId = ?2 and sharedWithUserId = ?3 and revokedAt is null",
                        type,
                        resourceId,
                        userId)
                .firstResult();
    }

    /** Which of {@code userIds} the resource is already actively shared with. */
    public Uni<List<UUID>> usersSharedWith(String type, UUID resourceId, List<UUID> userIds) {
        return userIds.isEmpty()
                ? Uni.createFrom().item(List.of())
                : getSession().chain(s -> s.createSelectionQuery(
                                "select s.sharedWithUserId from Share s where s.resourceType = ?1 and s.resourceId = ?2"
                                        + " and s.sharedWithUserId in ?3 and s.revokedAt is null",
                                UUID.class)
                        .setParameter(1, type)
                        .setParameter(2, resourceId)
                        .setParameter(3, userIds)
                        .getResultList());
    }

    /** What others shared with the user and is still in force. */
    public Uni<List<Share>> withUser(UUID userId, int max) {
        return find(
                        "sharedWithUserId = ?1 and revokedAt is null and (expiresAt is null or expiresAt > ?2)",
                        NEWEST,
                        userId,
                        OffsetDateTime.now(clock))
                .range(0, max - 1)
                .list();
    }

    /** Every share of a resource, whoever made it (the resource is gone). */
    public Uni<List<Share>> allOfResource(String type, UUID resourceId) {
        return find("resourceType = ?1 and resourceId = ?2", type, resourceId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** Counts one use against the limit: one UPDATE, so N concurrent uses of a limit N link all fit exactly. */
    public Uni<Boolean> consumeUse(UUID id) {
        return update(
                        "downloadCount = downloadCount + 1, updatedAt = ?2 where id = ?1 and revokedAt is null"
                                + " and (downloadLimit is null or downloadCount < downloadLimit)",
                        id,
                        OffsetDateTime.now(clock))
                .map(rows -> rows == 1);
    }

    /** Gives a use back when what it was for failed afterwards. */
    public Uni<Integer> returnUse(UUID id) {
        return update("downloadCount = downloadCount - 1 where id = ?1 and downloadCount > 0", id);
    }
}
