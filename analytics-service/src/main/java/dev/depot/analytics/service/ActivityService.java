package dev.depot.analytics.service;

import dev.depot.analytics.ActivityEntry;
import dev.depot.analytics.mapping.Views;
import dev.depot.analytics.mapping.Views.UserDetail;
import dev.depot.analytics.query.ActivityFilter;
import dev.depot.analytics.repository.ActivityRepository;
import dev.depot.analytics.repository.UserProfileRepository;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PageResults;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Reads the activity log (written by the projection, see ProjectionService), per user. */
@ApplicationScoped
public class ActivityService {

    private final ActivityRepository activity;
    private final UserProfileRepository users;

    public ActivityService(ActivityRepository activity, UserProfileRepository users) {
        this.activity = activity;
        this.users = users;
    }

    /** The user_detail of the user's entries (every entry a user reads is their own). */
    public Uni<UserDetail> userDetail(UUID userId) {
        return users.find(userId).map(profile -> Views.userDetail(userId, profile));
    }

    @WithSession
    public Uni<PageResults<ActivityEntry>> list(UUID userId, ActivityFilter filter, PageRequest page) {
        return page.fetch(activity.ofUser(userId, filter));
    }

    @WithSession
    public Uni<List<ActivityEntry>> recent(UUID userId, int limit) {
        return activity.ofUser(userId, ActivityFilter.NONE).page(0, limit).list();
    }

    @WithSession
    public Uni<ActivityEntry> one(UUID userId, UUID id) {
        return activity.find("id = ?1 and userId = ?2", id, userId).firstResult();
    }
}
