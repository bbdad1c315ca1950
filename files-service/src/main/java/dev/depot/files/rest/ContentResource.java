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
import java.util.UUID;

/** /cdn/{id}/{name}?exp=&sig=: bytes for anyone holding a signed, unexpired link (GET and HEAD). */
@Path("/cdn")
public class ContentResource {

    private final DownloadService downloads;

    public ContentResource(DownloadService downloads) {
        this.downloads = downloads;
    }

    @GET
    @Path("/{id}/{name}")
    public Uni<Response> get(@PathParam("id") UUID id, @QueryParam("exp") long exp, @QueryParam("sig") String sig,
            @HeaderParam("Range") String range, @HeaderParam("If-Range") String ifRange,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        return downloads.signed(id, exp, sig, new Ranges.Request(range, ifRange, ifNoneMatch));
    }
}
