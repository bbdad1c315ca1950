package dev.depot.analytics.repository;

import dev.depot.analytics.ActivityEntry;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ActivityRepository implements PanacheRepositoryBase<ActivityEntry, UUID> {

    /** What the activity list can be narrowed to; null (or empty) fields do not narrow. */
    public record Filter(List<String> actions, String resourceType, String resourceId, OffsetDateTime from,
            OffsetDateTime before) {
        public static final Filter NONE = new Filter(List.of(), null, null, null, null);
    }

    /** The user's entries, newest first, narrowed by the filter. */
    public PanacheQuery<ActivityEntry> ofUser(UUID userId, Filter filter) {
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
