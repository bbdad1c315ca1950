package dev.depot.sharing.repository;

import dev.depot.sharing.Share;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ShareRepository implements PanacheRepositoryBase<Share, UUID> {

    /** The owner's shares that have not been revoked, newest first. */
    public PanacheQuery<Share> activeOf(UUID ownerId) {
        return find("ownerId = ?1 and revokedAt is null", Sort.descending("createdAt").and("id"), ownerId);
    }
}
