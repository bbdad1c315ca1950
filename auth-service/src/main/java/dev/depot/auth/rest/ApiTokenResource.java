package dev.depot.auth.rest;

import dev.depot.auth.ApiToken;
import dev.depot.auth.service.ApiTokenService;
import dev.depot.common.error.ApiException;
import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Personal API tokens of the signed-in user: create (the value is shown once), list, revoke. */
@Path("/api/auth/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ApiTokenResource {

    private final ApiTokenService tokens;
    private final CurrentUser currentUser;

    public ApiTokenResource(ApiTokenService tokens, CurrentUser currentUser) {
        this.tokens = tokens;
        this.currentUser = currentUser;
    }

    public record CreateRequest(@NotBlank @Size(max = 64) String name, @Min(1) @Max(3650) Integer expiresInDays) {}

    public record TokenView(
            UUID id,
            String name,
            String prefix,
            OffsetDateTime createdAt,
            OffsetDateTime expiresAt,
            OffsetDateTime lastUsedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id, t.name, t.prefix, t.createdAt, t.expiresAt, t.lastUsedAt);
        }
    }

    public record CreatedView(
            UUID id, String name, String prefix, String token, OffsetDateTime createdAt, OffsetDateTime expiresAt) {}

    @POST
    @Path("/")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull CreateRequest body) {
        return tokens.create(sessionUser(), body.name(), body.expiresInDays()).map(c -> Response.status(201)
                .entity(new CreatedView(
                        c.token().id,
                        c.token().name,
                        c.token().prefix,
                        c.value(),
                        c.token().createdAt,
                        c.token().expiresAt))
                .build());
    }

    @GET
    @Path("/")
    public Uni<Page<TokenView>> list(
            @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize, @Context UriInfo uri) {
        UUID user = sessionUser();
        PageRequest request = PageRequest.of(page, pageSize);
        return tokens.list(user, request).map(found -> request.page(found, uri).map(TokenView::of));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return tokens.revoke(sessionUser(), id).map(done -> Response.noContent().build());
    }

    /** A token cannot mint or revoke tokens: that takes a real sign-in. */
    private UUID sessionUser() {
        if (currentUser.viaApiToken()) {
            throw ApiException.forbidden("API tokens are managed from a signed-in session, not with an API token");
        }
        return currentUser.id();
    }
}
