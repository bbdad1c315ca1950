package dev.depot.files.rest;

import dev.depot.files.service.DownloadService;
import dev.depot.files.service.Ranges;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.UUID;

/**
 * /cdn/{id}/{name}?exp=&sig=: bytes for anyone holding a signed, unexpired link; /cdn/{id}/{name}?key=:
 * a file's public CDN address (its cdn_url); /cdn/r/{id}/{kind}?exp=&sig=: a signed thumbnail or preview,
 * as public links show them. GET and HEAD.
 */
@Path("/cdn")
public class ContentResource {

    private final DownloadService downloads;
    private final Clock clock;

    public ContentResource(DownloadService downloads, Clock clock) {
        this.downloads = downloads;
        this.clock = clock;
    }

    @GET
    @Path("/{id}/{name}")
    public Uni<Response> get(
            @PathParam("id") UUID id,
            @QueryParam("exp") long exp,
            @QueryParam("sig") String sig,
            @QueryParam("key") String key,
            @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        Ranges.Request request = new Ranges.Request(range, ifRange, ifNoneMatch);
        return (key != null && sig == null ? downloads.published(id, key) : downloads.signed(id, exp, sig))
                .map(bytes -> ByteResponses.of(bytes, request, clock.instant()));
    }

    /** {@code kind}: thumbnail or preview; see DownloadService#rendition. */
    @GET
    @Path("/r/{id}/{kind}")
    public Uni<Response> rendition(
            @PathParam("id") UUID id,
            @PathParam("kind") String kind,
            @QueryParam("exp") long exp,
            @QueryParam("sig") String sig,
            @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        return downloads
                .rendition(id, kind, exp, sig)
                .map(bytes ->
                        ByteResponses.of(bytes, new Ranges.Request(range, ifRange, ifNoneMatch), clock.instant()));
    }
}
