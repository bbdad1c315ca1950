package dev.depot.sharing.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/**
 * {@code /s/{token}}: a link's public_url. A browser navigating there is given the web app's page by the
 * gateway and never reaches this; an API client following public_url gets here the same JSON as
 * {@code GET /api/cdn/shares/public/{token}/} (same query, same X-Share-Password, same answers), from
 * the same code.
 */
@Path("/s")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class SharePageResource {

    private final PublicShareResource links;

    public SharePageResource(PublicShareResource links) {
        this.links = links;
    }

    @GET
    @Path("/{token}")
    public Uni<Response> view(
            @PathParam("token") String token,
            @QueryParam("folder_id") UUID folderId,
            @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize,
            @HeaderParam(PublicShareResource.PASSWORD_HEADER) String password,
            @Context UriInfo uri) {
        // Vary: the gateway answers this same URL with an HTML page when the client accepts text/html,
        // so no cache may hand this JSON to a browser (nor the page to an API client).
        return links.view(token, folderId, page, pageSize, password, uri).map(json -> Response.ok(json)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .build());
    }
}
