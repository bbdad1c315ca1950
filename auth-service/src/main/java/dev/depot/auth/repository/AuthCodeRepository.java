package dev.depot.auth.repository;

import dev.depot.auth.AuthCode;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;

@ApplicationScoped
public class AuthCodeRepository implements PanacheRepositoryBase<AuthCode, String> {

    /** Locked, so a code raced by two requests is redeemed by one. */
    public Uni<AuthCode> findForUpdate(String hash) {
        return find("codeHash", hash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<Long> deleteExpired(OffsetDateTime before) {
        return delete("expiresAt < ?1", before);
    }
}
