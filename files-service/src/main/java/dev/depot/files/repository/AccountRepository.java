package dev.depot.files.repository;

import dev.depot.files.Account;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /**
     * The user's account row, locked for the rest of the transaction; made first with {@code quota}
     * when the user has none yet (their account event may not have arrived).
     */
    public Uni<Account> lockOrCreate(UUID userId, long quota, OffsetDateTime now) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "INSERT INTO account (user_id, storage_quota, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                        .setParameter(1, userId)
                        .setParameter(2, quota)
                        .setParameter(3, now)
                        .executeUpdate())
                .chain(() -> findById(userId, LockModeType.PESSIMISTIC_WRITE));
    }
}
