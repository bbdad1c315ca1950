package dev.depot.analytics.rest;

import dev.depot.analytics.ActivityEntry;
import dev.depot.analytics.service.ActivityService;
import dev.depot.common.error.ApiException;
import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The caller's activity history (the seed's /api/cdn/activity/). */
@Path("/api/cdn/activity")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ActivityResource {

    private final ActivityService activity;
    private final CurrentUser currentUser;

    public ActivityResource(ActivityService activity, CurrentUser currentUser) {
        this.activity = activity;
        this.currentUser = currentUser;
    }

    @GET
    @Path("/")
    public Uni<Page<ActivityView>> list(@QueryParam("action") String action,
            @QueryParam("resource_type") String resourceType, @QueryParam("resource_id") String resourceId,
            @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize, @Context UriInfo uri) {
        PageRequest request = PageRequest.of(page, pageSize);
        return activity.list(currentUser.id(), action, resourceType, resourceId, request, uri)
                .map(p -> p.map(ActivityView::of));
    }

    @GET
    @Path("/{id}")
    public Uni<ActivityView> one(@PathParam("id") UUID id) {
        return activity.one(currentUser.id(), id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("activity entry " + id))
                .map(ActivityView::of);
    }

    public record Resource(String type, String id, String name) {
    }

    public record ActivityView(UUID id, String action, Resource resource, OffsetDateTime occurredAt,
            String clientIp, String userAgent) {
        static ActivityView of(ActivityEntry e) {
            return new ActivityView(e.id, e.action, new Resource(e.resourceType, e.resourceId, e.resourceName),
                    e.occurredAt, e.clientIp, e.userAgent);
        }
    }
}
