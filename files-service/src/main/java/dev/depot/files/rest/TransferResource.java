package dev.depot.files.rest;

import dev.depot.common.web.ClientInfo;
import dev.depot.files.service.Ranges;
import dev.depot.files.service.TransferService;
import dev.depot.files.service.TransferService.Client;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Clock;

/**
 * /cdn/t/{ticket}: the single-use URL a protected public link redirects to. One transfer per ticket
 * (Range requests of that transfer included); used, expired or revoked tickets are 410 or 404.
 */
@Path("/cdn/t")
public class TransferResource {

    static final String PATH = "/cdn/t/";

    private final TransferService transfers;
    private final ClientInfo client;
    private final Clock clock;

    public TransferResource(TransferService transfers, ClientInfo client, Clock clock) {
        this.transfers = transfers;
        this.client = client;
        this.clock = clock;
    }

    @GET
    @Path("/{ticket}")
    public Uni<Response> get(
            @PathParam("ticket") String ticket,
            @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        return transfers
                .serve(ticket, false, range, new Client(client.address(), client.userAgent()))
                .map(bytes -> ByteResponses.singleUse(
                        bytes, new Ranges.Request(range, ifRange, ifNoneMatch), clock.instant()));
    }

    /** Looks without claiming: a download manager's HEAD before its GET must not spend the ticket. */
    @HEAD
    @Path("/{ticket}")
    public Uni<Response> head(@PathParam("ticket") String ticket, @HeaderParam("Range") String range) {
        return transfers
                .serve(ticket, true, range, new Client(client.address(), client.userAgent()))
                .map(bytes -> ByteResponses.singleUse(bytes, new Ranges.Request(range, null, null), clock.instant()));
    }
}
