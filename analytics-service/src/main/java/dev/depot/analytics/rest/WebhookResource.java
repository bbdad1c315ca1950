package dev.depot.analytics.rest;

import dev.depot.analytics.mapping.Views;
import dev.depot.analytics.mapping.Views.DeliveryView;
import dev.depot.analytics.mapping.Views.WebhookView;
import dev.depot.analytics.service.WebhookService;
import dev.depot.common.error.ApiException;
import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
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
import java.util.List;
import java.util.UUID;

/**
 * The caller's webhooks: a URL subscribed to event types, sent each such event signed with the webhook's
 * secret (see Signatures), retried with backoff, recorded.
 */
@Path("/api/cdn/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class WebhookResource {

    private final WebhookService webhooks;
    private final CurrentUser currentUser;

    public WebhookResource(WebhookService webhooks, CurrentUser currentUser) {
        this.webhooks = webhooks;
        this.currentUser = currentUser;
    }

    /** @param eventTypes event types such as file.uploaded, folder.created, storage.limit_reached, share.accessed; "*" for all */
    public record CreateWebhook(
            @NotBlank @Size(max = 2048) String url,
            @NotNull @Size(min = 1, max = 64) List<String> eventTypes,
            @Size(max = 200) String description) {}

    @GET
    @Path("/")
    public Uni<Page<WebhookView>> list(
            @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize, @Context UriInfo uri) {
        UUID user = currentUser.id();
        PageRequest request = PageRequest.of(page, pageSize);
        return webhooks.list(user, request)
                .map(found -> request.page(found, uri).map(w -> Views.webhook(w, false)));
    }

    /** 201 with the webhook and its secret, which is shown this once. */
    @POST
    @Path("/")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull CreateWebhook body) {
        UUID user = currentUser.id();
        return webhooks.create(user, body.url(), body.eventTypes(), body.description())
                .map(w -> Response.status(201).entity(Views.webhook(w, true)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<WebhookView> one(@PathParam("id") UUID id) {
        return webhooks.one(currentUser.id(), id)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("webhook " + id))
                .map(w -> Views.webhook(w, false));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return webhooks.delete(currentUser.id(), id).map(deleted -> {
            if (!deleted) {
                throw ApiException.notFound("webhook " + id);
            }
            return Response.noContent().build();
        });
    }

    /** @param status pending, succeeded or failed */
    @GET
    @Path("/{id}/deliveries")
    public Uni<Page<DeliveryView>> deliveries(
            @PathParam("id") UUID id,
            @QueryParam("status") String status,
            @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize,
            @Context UriInfo uri) {
        UUID user = currentUser.id();
        String wanted = Params.blankToNull(status);
        if (wanted != null && !List.of("pending", "succeeded", "failed").contains(wanted)) {
            throw Params.invalid("status", "must be pending, succeeded or failed");
        }
        PageRequest request = PageRequest.of(page, pageSize);
        return webhooks.deliveries(user, id, wanted, request)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("webhook " + id))
                .map(found -> request.page(found, uri).map(Views::delivery));
    }
}
