package dev.depot.files.rest;

import dev.depot.files.config.BlobStoreConfig;
import dev.depot.files.service.Download;
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

    private final boolean redirectDownloads;

    public ContentResource(DownloadService downloads, BlobStoreConfig blobStore, Clock clock) {
        this.downloads = downloads;
        this.clock = clock;
        this.redirectDownloads = blobStore.s3().redirectDownloads();
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
        boolean signed = !(key != null && sig == null);
        return (signed ? downloads.signed(id, exp, sig) : downloads.published(id, key)).map(bytes -> {
            if (signed && redirectDownloads) {
                Response redirect = redirect(bytes, request);
                if (redirect != null) {
                    return redirect;
                }
            }
            return ByteResponses.of(bytes, request, clock.instant());
        });
    }

    /**
     * With depot.blobstore.s3.redirect-downloads: a 302 to the bucket's presigned URL, valid as long as the
     * signed URL still is, answering with the same Content-Disposition and type. The bucket then serves
     * ranges itself; a client's cached copy (If-None-Match) is still answered here with 304. Null when the
     * store cannot sign a URL (local): the bytes are sent as ever.
     */
    private Response redirect(Download bytes, Ranges.Request request) {
        String etag = "\"" + bytes.sha256() + "\"";
        String ifNoneMatch = request.ifNoneMatch();
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag))) {
            return null;
        }
        long ttl = Math.max(1, bytes.maxAgeSeconds());
        return bytes.store()
                .presignedGet(
                        bytes.blob(),
                        java.time.Duration.ofSeconds(ttl),
                        ByteResponses.disposition(bytes.mimeType(), bytes.filename()),
                        ByteResponses.contentType(bytes.mimeType()))
                .map(url -> Response.status(302)
                        .location(url)
                        .header(jakarta.ws.rs.core.HttpHeaders.CACHE_CONTROL, "no-store")
                        .build())
                .orElse(null);
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
