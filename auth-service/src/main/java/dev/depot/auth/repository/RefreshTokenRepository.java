package dev.depot.auth.repository;

import dev.depot.auth.RefreshToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    /** Locked, so two concurrent refreshes with one token cannot both succeed. */
    public Uni<RefreshToken> findByHashForUpdate(String hash) {
        return find("tokenHash", hash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<Integer> revokeFamily(UUID familyId, OffsetDateTime now) {
        return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
    }

    public Uni<Integer> revokeAllOfUser(UUID userId, OffsetDateTime now) {
        return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", now, userId);
    }

    public Uni<Integer> revokeFamilyOfUser(UUID familyId, UUID userId, OffsetDateTime now) {
        return update(
                "revokedAt = ?1 where familyId = ?2 and userId = ?3 and revokedAt is null", now, familyId, userId);
    }

    /**
     * The logins of the user that a revocation at {@code at} ended. Pass the time given to the
     * revocation, truncated to microseconds as PostgreSQL stores it, so that the answer is exactly what
     * that update changed (a login made meanwhile included).
     */
    public Uni<List<UUID>> familiesRevokedAt(UUID userId, OffsetDateTime at) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select distinct r.familyId from RefreshToken r where r.userId = ?1 and r.revokedAt = ?2",
                        UUID.class)
                .setParameter(1, userId)
                .setParameter(2, at)
                .getResultList());
    }

    public Uni<Integer> revokeAllOfUserExceptFamily(UUID userId, UUID keptFamily, OffsetDateTime now) {
        return update(
                "revokedAt = ?1 where userId = ?2 and familyId <> ?3 and revokedAt is null", now, userId, keptFamily);
    }
}
