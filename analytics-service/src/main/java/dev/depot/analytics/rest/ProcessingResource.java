package dev.depot.analytics.rest;

import dev.depot.analytics.mapping.Views;
import dev.depot.analytics.mapping.Views.JobView;
import dev.depot.analytics.service.ProcessingService;
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
import java.util.UUID;

/** The caller's processing jobs (thumbnails and previews), most recently changed first. */
@Path("/api/cdn/processing")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ProcessingResource {

    private final ProcessingService processing;
    private final CurrentUser currentUser;

    public ProcessingResource(ProcessingService processing, CurrentUser currentUser) {
        this.processing = processing;
        this.currentUser = currentUser;
    }

    /** @param status queued, processing, completed, skipped or failed ({@code state} is the same filter) */
    @GET
    @Path("/")
    public Uni<Page<JobView>> list(
            @QueryParam("status") String status,
            @QueryParam("state") String state,
            @QueryParam("file_id") String fileId,
            @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize,
            @Context UriInfo uri) {
        UUID user = currentUser.id();
        String wanted = Params.blankToNull(status != null ? status : state);
        if (wanted != null && !ProcessingService.STATUSES.contains(wanted)) {
            throw Params.invalid("status", "must be one of " + String.join(", ", ProcessingService.STATUSES));
        }
        UUID file = Params.uuid("file_id", fileId);
        PageRequest request = PageRequest.of(page, pageSize);
        return processing.list(user, wanted, file, request).map(found -> request.page(found, uri)
                .map(Views::job));
    }

    @GET
    @Path("/{id}")
    public Uni<JobView> one(@PathParam("id") UUID id) {
        return processing
                .one(currentUser.id(), id)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("processing job " + id))
                .map(Views::job);
    }
}
