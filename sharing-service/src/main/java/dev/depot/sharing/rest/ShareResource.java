package dev.depot.sharing.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PublicAddress;
import dev.depot.sharing.mapping.ShareViews;
import dev.depot.sharing.mapping.ShareViews.AccessView;
import dev.depot.sharing.mapping.ShareViews.ShareView;
import dev.depot.sharing.mapping.ShareViews.SharedUserView;
import dev.depot.sharing.mapping.ShareViews.StatusShareView;
import dev.depot.sharing.mapping.ShareViews.WithMeView;
import dev.depot.sharing.service.ShareCreator;
import dev.depot.sharing.service.ShareCreator.NewShare;
import dev.depot.sharing.service.ShareEditor;
import dev.depot.sharing.service.ShareQueries;
import dev.depot.sharing.service.ShareRequests;
import dev.depot.sharing.service.ShareRevoker;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** /api/cdn/shares/: the caller's shares, and what others shared with the caller. */
@Path("/api/cdn/shares")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ShareResource {

    private final ShareCreator creator;
    private final ShareEditor editor;
    private final ShareRevoker revoker;
    private final ShareQueries queries;
    private final ShareViews views;
    private final CurrentUser currentUser;
    private final ObjectMapper mapper;

    public ShareResource(
            ShareCreator creator,
            ShareEditor editor,
            ShareRevoker revoker,
            ShareQueries queries,
            ShareViews views,
            CurrentUser currentUser,
            ObjectMapper mapper) {
        this.creator = creator;
        this.editor = editor;
        this.revoker = revoker;
        this.queries = queries;
        this.views = views;
        this.currentUser = currentUser;
        this.mapper = mapper;
    }

    /** add_user's body: user_email, as CDN clients send it, or any username/email as user. */
    public record AddUserRequest(String userEmail, String user, String permissionLevel) {}

    /** The shares the caller may manage and those naming the caller (as /with-me has them), newest first. */
    @GET
    @Path("/")
    public Uni<Page<ShareView>> list(
            @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize, @Context UriInfo uri) {
        PageRequest p = PageRequest.of(page, pageSize);
        return queries.list(currentUser.id(), p)
                .map(s -> p.page(s, uri).map(x -> views.view(x, PublicAddress.base(uri))));
    }

    /**
     * One share; with {@code shared_users}, one grant per user (all or none), answered as the first of them
     * with every one of them in {@code shares}.
     */
    @POST
    @Path("/")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@NotNull NewShare body, @Context HttpHeaders headers, @Context UriInfo uri) {
        boolean many = body.sharedUsers() != null && !body.sharedUsers().isEmpty();
        return creator.createAll(currentUser.id(), body, ShareRequests.key(headers.getRequestHeader("Idempotency-Key")))
                .map(made -> {
                    List<ShareView> shown = made.stream()
                            .map(x -> views.view(x, PublicAddress.base(uri)))
                            .toList();
                    if (!many) {
                        return Response.status(201).entity(shown.get(0)).build();
                    }
                    ObjectNode answer = mapper.valueToTree(shown.get(0));
                    answer.set("shares", mapper.valueToTree(shown));
                    return Response.status(201).entity(answer).build();
                });
    }

    @GET
    @Path("/with-me")
    public Uni<Page<WithMeView>> withMe(
            @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize, @Context UriInfo uri) {
        PageRequest p = PageRequest.of(page, pageSize);
        return queries.withMe(currentUser.id(), p).map(s -> p.page(s, uri).map(views::withMe));
    }

    /** A plain array: each share of the resource the caller manages, and the one naming the caller. */
    @GET
    @Path("/status")
    public Uni<List<StatusShareView>> status(
            @QueryParam("resource_type") String type,
            @QueryParam("resource_id") UUID resourceId,
            @Context UriInfo uri) {
        return queries.status(currentUser.id(), type, resourceId).map(list -> list.stream()
                .map(x -> views.status(x, PublicAddress.base(uri)))
                .toList());
    }

    @GET
    @Path("/{id}")
    public Uni<ShareView> get(@PathParam("id") UUID id, @Context UriInfo uri) {
        return queries.get(currentUser.id(), id).map(x -> views.view(x, PublicAddress.base(uri)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ShareView> patch(@PathParam("id") UUID id, JsonNode body, @Context UriInfo uri) {
        return editor.update(currentUser.id(), id, body).map(x -> views.view(x, PublicAddress.base(uri)));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ShareView> put(@PathParam("id") UUID id, JsonNode body, @Context UriInfo uri) {
        return patch(id, body, uri);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return revoker.revoke(currentUser.id(), id)
                .map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{id}/shared_users")
    public Uni<List<SharedUserView>> sharedUsers(@PathParam("id") UUID id) {
        return queries.sharedUsers(currentUser.id(), id)
                .map(list -> list.stream().map(views::sharedUser).toList());
    }

    @POST
    @Path("/{id}/add_user")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addUser(@PathParam("id") UUID id, @NotNull AddUserRequest body, @Context UriInfo uri) {
        String login = body.userEmail() != null ? body.userEmail() : body.user();
        return editor.addUser(currentUser.id(), id, login, body.permissionLevel())
                .map(x -> Response.status(201)
                        .entity(views.view(x, PublicAddress.base(uri)))
                        .build());
    }

    @DELETE
    @Path("/{id}/remove_user")
    public Uni<Response> removeUser(@PathParam("id") UUID id, @QueryParam("user_email") String userEmail) {
        return editor.removeUser(currentUser.id(), id, userEmail)
                .map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{id}/accesses")
    public Uni<Page<AccessView>> accesses(
            @PathParam("id") UUID id,
            @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize,
            @Context UriInfo uri) {
        PageRequest p = PageRequest.of(page, pageSize);
        return queries.accesses(currentUser.id(), id, p).map(s -> p.page(s, uri).map(AccessView::of));
    }
}
