package dev.depot.analytics.repository;

import dev.depot.analytics.ActivityEntry;
import dev.depot.analytics.query.ActivityFilter;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ActivityRepository implements PanacheRepositoryBase<ActivityEntry, UUID> {

    /** The user's entries, newest first, narrowed by the filter. */
    public PanacheQuery<ActivityEntry> ofUser(UUID userId, ActivityFilter filter) {
        StringBuilder q = new StringBuilder("userId = :user");
        Parameters p = Parameters.with("user", userId);
        if (!filter.actions().isEmpty()) {
            q.append(" and action in :actions");
            p.and("actions", filter.actions());
        }
        if (filter.resourceType() != null) {
            q.append(" and resourceType = :type");
            p.and("type", filter.resourceType());
        }
        if (filter.resourceId() != null) {
            q.append(" and resourceId = :rid");
            p.and("rid", filter.resourceId());
        }
        if (filter.from() != null) {
            q.append(" and occurredAt >= :from");
            p.and("from", filter.from());
        }
        if (filter.before() != null) {
            q.append(" and occurredAt < :before");
            p.and("before", filter.before());
        }
        return find(q.toString(), Sort.descending("occurredAt").and("id", Sort.Direction.Descending), p);
    }
}
