package dev.depot.auth.repository;

import dev.depot.auth.ApiToken;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ApiTokenRepository implements PanacheRepositoryBase<ApiToken, UUID> {

    public PanacheQuery<ApiToken> activeOf(UUID userId) {
        return find(
                "userId = ?1 and revokedAt is null",
                Sort.descending("createdAt").and("id"),
                userId);
    }

    public Uni<ApiToken> findActive(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2 and revokedAt is null", id, userId).firstResult();
    }

    public Uni<ApiToken> findByHash(String hash) {
        return find("tokenHash", hash).firstResult();
    }
}
