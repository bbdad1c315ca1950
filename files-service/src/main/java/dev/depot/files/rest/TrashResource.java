package dev.depot.files.rest;

import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.files.service.TrashService;
import dev.depot.files.service.TrashService.Entry;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** /api/cdn/trash/: what the caller deleted; restore it or delete it for good. */
@Path("/api/cdn/trash")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TrashResource {

    private final TrashService trash;
    private final CurrentUser currentUser;

    public TrashResource(TrashService trash, CurrentUser currentUser) {
        this.trash = trash;
        this.currentUser = currentUser;
    }

    public record Restored(boolean success, Entry restored, String message) {
    }

    public record Deleted(boolean success, int deletedFiles, int deletedFolders, String message) {
    }

    @GET
    @Path("/")
    public Uni<Page<Entry>> list(@QueryParam("page") String page, @QueryParam("page_size") String pageSize,
            @Context UriInfo uri) {
        return trash.list(currentUser.id(), QueryParams.page(page, pageSize), uri);
    }

    @POST
    @Path("/{id}/restore")
    public Uni<Restored> restore(@PathParam("id") UUID id) {
        return trash.restore(currentUser.id(), id).map(e -> new Restored(true, e, "Restored from trash"));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Deleted> delete(@PathParam("id") UUID id) {
        return trash.deleteForever(currentUser.id(), id).map(d -> new Deleted(true, d.deletedFiles(),
                d.deletedFolders(), "Permanently deleted"));
    }

    @POST
    @Path("/empty")
    public Uni<Deleted> empty() {
        return trash.empty(currentUser.id()).map(d -> new Deleted(true, d.deletedFiles(), d.deletedFolders(),
                "Trash emptied successfully"));
    }
}
