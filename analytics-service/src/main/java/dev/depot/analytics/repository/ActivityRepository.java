package dev.depot.analytics.repository;

import dev.depot.analytics.ActivityEntry;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ActivityRepository implements PanacheRepositoryBase<ActivityEntry, UUID> {

    /** The user's entries, newest first, optionally narrowed to one action and/or resource. */
    public PanacheQuery<ActivityEntry> ofUser(UUID userId, String action, String resourceType, String resourceId) {
        StringBuilder q = new StringBuilder("userId = :user");
        Parameters p = Parameters.with("user", userId);
        if (action != null) {
            q.append(" and action = :action");
            p.and("action", action);
        }
        if (resourceType != null) {
            q.append(" and resourceType = :type");
            p.and("type", resourceType);
        }
        if (resourceId != null) {
            q.append(" and resourceId = :rid");
            p.and("rid", resourceId);
        }
        return find(q.toString(), Sort.descending("occurredAt").and("id", Sort.Direction.Descending), p);
    }
}
