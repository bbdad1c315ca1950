package dev.depot.analytics.rest;

import dev.depot.analytics.mapping.Views;
import dev.depot.analytics.mapping.Views.ActivityView;
import dev.depot.analytics.query.ActivityFilter;
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
import java.util.List;
import java.util.UUID;

/** The caller's activity history, built from the events of every service, newest first. */
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

    /**
     * @param action   one action or several ("file.uploaded,file.deleted", or the parameter repeated)
     * @param from     entries at or after this date (UTC) or date-time
     * @param to       entries up to this date (included) or date-time
     */
    @GET
    @Path("/")
    public Uni<Page<ActivityView>> list(
            @QueryParam("action") List<String> action,
            @QueryParam("resource_type") String resourceType,
            @QueryParam("resource_id") String resourceId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize,
            @Context UriInfo uri) {
        UUID user = currentUser.id();
        PageRequest request = PageRequest.of(page, pageSize);
        ActivityFilter filter = new ActivityFilter(
                Params.list(action),
                Params.blankToNull(resourceType),
                Params.blankToNull(resourceId),
                Params.start("from", from),
                Params.endExclusive("to", to));
        return activity.list(user, filter, request).chain(found -> activity.userDetail(user)
                .map(detail -> request.page(found, uri).map(e -> Views.activity(e, detail))));
    }

    @GET
    @Path("/{id}")
    public Uni<ActivityView> one(@PathParam("id") UUID id) {
        UUID user = currentUser.id();
        return activity.one(user, id)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("activity entry " + id))
                .chain(e -> activity.userDetail(user).map(detail -> Views.activity(e, detail)));
    }
}
