package dev.depot.sharing.repository;

import dev.depot.sharing.ShareAccess;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ShareAccessRepository implements PanacheRepositoryBase<ShareAccess, UUID> {

    public PanacheQuery<ShareAccess> of(UUID shareId) {
        return find("shareId = ?1", Sort.descending("accessedAt").and("id"), shareId);
    }
}
