package dev.depot.sharing.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.depot.common.error.ApiException;
import dev.depot.common.web.ClientInfo;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PublicAddress;
import dev.depot.sharing.mapping.PublicShareViews;
import dev.depot.sharing.mapping.PublicShareViews.Download;
import dev.depot.sharing.service.PublicShareService;
import dev.depot.sharing.service.PublicShareService.Visitor;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Public links, no session needed: {@code /public/{token}/} (or the query form {@code /public/?token=}),
 * downloads of their files and drops into upload-only links. A password goes in X-Share-Password.
 */
@Path("/api/cdn/shares/public")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class PublicShareResource {

    static final String PASSWORD_HEADER = "X-Share-Password";

    private final PublicShareService links;
    private final PublicShareViews views;
    private final ClientInfo client;
    private final CurrentIdentityAssociation identity;

    public PublicShareResource(
            PublicShareService links, PublicShareViews views, ClientInfo client, CurrentIdentityAssociation identity) {
        this.links = links;
        this.views = views;
        this.client = client;
        this.identity = identity;
    }

    /** The query form CDN clients use: without a token 400, an expired link 410 (an unknown one stays 404). */
    @GET
    @Path("/")
    public Uni<JsonNode> byQuery(
            @QueryParam("token") String token,
            @QueryParam("folder_id") UUID folderId,
            @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize,
            @HeaderParam(PASSWORD_HEADER) String password,
            @Context UriInfo uri) {
        if (token == null || token.isBlank()) {
            throw ApiException.validation("token is required", Map.of("token", "is required"));
        }
        return view(token, true, folderId, page, pageSize, password, uri);
    }

    @GET
    @Path("/{token}")
    public Uni<JsonNode> view(
            @PathParam("token") String token,
            @QueryParam("folder_id") UUID folderId,
            @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize,
            @HeaderParam(PASSWORD_HEADER) String password,
            @Context UriInfo uri) {
        return view(token, false, folderId, page, pageSize, password, uri);
    }

    private Uni<JsonNode> view(
            String token,
            boolean goneWhenExpired,
            UUID folderId,
            Integer page,
            Integer pageSize,
            String password,
            UriInfo uri) {
        PageRequest p = PageRequest.of(page, pageSize);
        URI base = PublicAddress.base(uri);
        URI here = PublicAddress.get().requestUri();
        return visitor(password)
                .chain(who -> links.view(token, goneWhenExpired, who, folderId, p.page(), p.size()))
                .map(opened -> views.view(opened, token, folderId, p.page(), base, here));
    }

    /**
     * Redirects to a signed URL of the file's bytes; the JSON body says the same for API clients. An
     * external URL files-service does not vouch for is never a redirect from Depot's origin: it is
     * answered as JSON ({@code external: true}), for the client to show and follow knowingly.
     */
    @GET
    @Path("/{token}/files/{fileId}/download")
    public Uni<Response> download(
            @PathParam("token") String token,
            @PathParam("fileId") UUID fileId,
            @QueryParam("exp") long exp,
            @QueryParam("key") String key,
            @HeaderParam(PASSWORD_HEADER) String password,
            @Context UriInfo uri) {
        URI base = PublicAddress.base(uri);
        return visitor(password)
                .chain(who -> links.download(token, fileId, exp, key, who))
                .map(link -> PublicShareViews.download(link, base))
                .map((Download d) -> (d.redirect()
                                ? Response.status(302).location(d.downloadUrl()).entity(d)
                                : Response.ok(new ExternalDownload(
                                        true, d.downloadUrl(), d.external(), d.filename(), d.size(), d.mimeType())))
                        .header("Cache-Control", "no-store")
                        .build());
    }

    /** A download whose URL Depot does not redirect to: one hosted elsewhere, on a host not allowed. */
    public record ExternalDownload(
            boolean success, URI url, boolean external, String filename, Long size, String mimeType) {}

    /** Hands out a single-use upload URL for an upload-only (file drop) link. */
    @POST
    @Path("/{token}/uploads")
    public Uni<Response> drop(
            @PathParam("token") String token, @HeaderParam(PASSWORD_HEADER) String password, @Context UriInfo uri) {
        URI base = PublicAddress.base(uri);
        return visitor(password).chain(who -> links.drop(token, who)).map(ticket -> Response.status(201)
                .entity(PublicShareViews.drop(ticket, base))
                .build());
    }

    /** The signed-in user, if any: a bad or expired token on a public link is just an anonymous visit. */
    private Uni<Visitor> visitor(String password) {
        String address = client.address();
        String agent = client.userAgent();
        return identity.getDeferredIdentity()
                .map(id ->
                        !id.isAnonymous() && id.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                                ? UUID.fromString(jwt.getSubject())
                                : null)
                .onFailure()
                .recoverWithNull()
                .map(user -> new Visitor(address, agent, user, password));
    }
}
