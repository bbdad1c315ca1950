package dev.depot.files.rest;

import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.files.TrashEntry;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.mapping.Views;
import dev.depot.files.mapping.Views.UserView;
import dev.depot.files.service.Caller;
import dev.depot.files.service.TrashService;
import dev.depot.files.service.ViewDetails;
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
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/** /api/cdn/trash/: what the caller deleted; restore it or delete it for good. */
@Path("/api/cdn/trash")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TrashResource {

    private final TrashService trash;
    private final CurrentUser currentUser;
    private final ViewDetails details;
    private final FilesConfig config;
    private final Clock clock;

    public TrashResource(
            TrashService trash, CurrentUser currentUser, ViewDetails details, FilesConfig config, Clock clock) {
        this.details = details;
        this.config = config;
        this.trash = trash;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    public record Restored(boolean success, TrashEntry restored, String message) {}

    public record Deleted(boolean success, int deletedFiles, int deletedFolders, String message) {}

    /**
     * A trash entry: Depot's fields (type, id, name, original_parent, trashed_at, size, original_path) and
     * the names CDN clients read them by, with when the purge job deletes it for good.
     */
    public record TrashView(
            String type,
            UUID id,
            String name,
            UUID originalParent,
            OffsetDateTime trashedAt,
            long size,
            UUID user,
            UserView userDetail,
            String resourceType,
            UUID resourceId,
            String originalName,
            String originalPath,
            OffsetDateTime deletedAt,
            OffsetDateTime permanentDeleteAt,
            long daysUntilPermanentDelete) {}

    @GET
    @Path("/")
    public Uni<Page<TrashView>> list(
            @QueryParam("page") String page, @QueryParam("page_size") String pageSize, @Context UriInfo uri) {
        Caller caller = caller();
        PageRequest requested = QueryParams.page(page, pageSize);
        return trash.list(caller, requested)
                .map(found -> requested.page(found, uri))
                .chain(p -> details.forUsers(Set.of(caller.id())).map(d -> {
                    UserView user = Views.user(caller.id(), d);
                    OffsetDateTime now = OffsetDateTime.now(clock);
                    return p.map(e -> view(e, caller.id(), user, now));
                }));
    }

    private TrashView view(TrashEntry e, UUID caller, UserView user, OffsetDateTime now) {
        OffsetDateTime purgeAt = e.trashedAt().plus(config.trashRetention());
        // Whole days left, as CDN clients count them: 0 on the last day, never negative.
        long daysLeft = Math.max(0, Duration.between(now, purgeAt).toDays());
        return new TrashView(
                e.type(),
                e.id(),
                e.name(),
                e.originalParent(),
                e.trashedAt(),
                e.size(),
                caller,
                user,
                e.type(),
                e.id(),
                e.name(),
                e.originalPath(),
                e.trashedAt(),
                purgeAt,
                daysLeft);
    }

    @POST
    @Path("/{id}/restore")
    public Uni<Restored> restore(@PathParam("id") UUID id) {
        return trash.restore(caller(), id).map(e -> new Restored(true, e, "Restored from trash"));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Deleted> delete(@PathParam("id") UUID id) {
        return trash.deleteForever(caller(), id)
                .map(d -> new Deleted(true, d.deletedFiles(), d.deletedFolders(), "Permanently deleted"));
    }

    @POST
    @Path("/empty")
    public Uni<Deleted> empty() {
        return trash.empty(caller())
                .map(d -> new Deleted(true, d.deletedFiles(), d.deletedFolders(), "Trash emptied successfully"));
    }

    private Caller caller() {
        return Caller.of(currentUser);
    }
}
