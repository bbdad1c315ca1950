package dev.depot.analytics.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.depot.analytics.ActivityEntry;
import dev.depot.analytics.repository.ActivityRepository;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.events.CloudEvent;
import dev.depot.messaging.Inbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** Builds the activity log from domain events and reads it back, per user. */
@ApplicationScoped
public class ActivityService {

    static final String CONSUMER = "activity";

    private final ActivityRepository activity;
    private final Inbox inbox;

    public ActivityService(ActivityRepository activity, Inbox inbox) {
        this.activity = activity;
        this.inbox = inbox;
    }

    /** Records the event once, however often it is delivered; events without a user are not activity. */
    @WithTransaction
    public Uni<Boolean> record(CloudEvent event) {
        if (event.userid() == null || event.subject() == null) {
            return Uni.createFrom().item(false);
        }
        return inbox.firstDelivery(CONSUMER, event.id()).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(false);
            }
            ActivityEntry e = new ActivityEntry();
            e.id = UUID.randomUUID();
            e.eventId = event.id();
            e.userId = UUID.fromString(event.userid());
            e.action = event.type();
            e.resourceType = resourceType(event.type());
            e.resourceId = event.subject();
            e.resourceName = resourceName(event.data());
            e.occurredAt = event.time();
            e.clientIp = event.clientip();
            e.userAgent = event.useragent();
            return activity.persist(e).replaceWith(true);
        });
    }

    @WithSession
    public Uni<Page<ActivityEntry>> list(UUID userId, String action, String resourceType, String resourceId,
            PageRequest page, UriInfo uri) {
        var query = activity.ofUser(userId, action, resourceType, resourceId);
        return page.fetch(query, uri);
    }

    @WithSession
    public Uni<ActivityEntry> one(UUID userId, UUID id) {
        return activity.find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    /** "file.uploaded" is about a file. */
    static String resourceType(String type) {
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    private static String resourceName(JsonNode data) {
        if (data == null) {
            return null;
        }
        for (String field : new String[] { "name", "filename", "username" }) {
            JsonNode value = data.get(field);
            if (value != null && value.isTextual()) {
                return value.asText();
            }
        }
        return null;
    }
}
