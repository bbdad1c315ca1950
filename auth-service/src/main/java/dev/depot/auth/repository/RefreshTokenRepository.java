package dev.depot.auth.repository;

import dev.depot.auth.RefreshToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;
import jakarta.persistence.LockModeType;

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

    public Uni<Integer> revokeAllOfUserExceptFamily(UUID userId, UUID keptFamily, OffsetDateTime now) {
        return update("revokedAt = ?1 where userId = ?2 and familyId <> ?3 and revokedAt is null",
                now, userId, keptFamily);
    }
}
