package dev.depot.sharing.repository;

import dev.depot.sharing.ShareRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

@ApplicationScoped
public class ShareRequestRepository implements PanacheRepositoryBase<ShareRequest, UUID> {

    public Uni<ShareRequest> byKey(UUID owner, String key) {
        return find("ownerId = ?1 and idempotencyKey = ?2", owner, key).firstResult();
    }

    public Uni<Long> deleteOlderThan(OffsetDateTime cutoff) {
        return delete("createdAt < ?1", cutoff);
    }
}
