package dev.depot.sharing.repository;

import dev.depot.sharing.ShareAccess;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class ShareAccessRepository implements PanacheRepositoryBase<ShareAccess, UUID> {

    public PanacheQuery<ShareAccess> of(UUID shareId) {
        return find("shareId = ?1", Sort.descending("accessedAt").and("id"), shareId);
    }

    /** How many uses each share has logged, in one query; shares without any are absent. */
    public Uni<Map<UUID, Long>> countsOf(Collection<UUID> shareIds) {
        if (shareIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession()
                .chain(s -> s.createSelectionQuery(
                                "select a.shareId, count(a) from ShareAccess a where a.shareId in ?1 group by a.shareId",
                                Object[].class)
                        .setParameter(1, shareIds)
                        .getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    rows.forEach(r -> counts.put((UUID) r[0], ((Number) r[1]).longValue()));
                    return counts;
                });
    }
}
