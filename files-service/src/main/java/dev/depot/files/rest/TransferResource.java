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

/**
 * /cdn/t/{ticket}: the single-use URL a protected public link redirects to. One transfer per ticket
 * (Range requests of that transfer included); used, expired or revoked tickets are 410 or 404.
 */
@Path("/cdn/t")
public class TransferResource {

    static final String PATH = "/cdn/t/";

    private final TransferService transfers;
    private final ClientInfo client;

    public TransferResource(TransferService transfers, ClientInfo client) {
        this.transfers = transfers;
        this.client = client;
    }

    @GET
    @Path("/{ticket}")
    public Uni<Response> get(@PathParam("ticket") String ticket, @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return transfers.serve(ticket, false, new Ranges.Request(range, ifRange, ifNoneMatch),
                new Client(client.address(), client.userAgent()));
    }

    /** Looks without claiming: a download manager's HEAD before its GET must not spend the ticket. */
    @HEAD
    @Path("/{ticket}")
    public Uni<Response> head(@PathParam("ticket") String ticket, @HeaderParam("Range") String range) {
        return transfers.serve(ticket, true, new Ranges.Request(range, null, null),
                new Client(client.address(), client.userAgent()));
    }
}
