package dev.depot.filesapi;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * files-service's /internal API, what sharing-service asks of it: what shared resources are, what a shared
 * folder holds, URLs for a shared file's bytes and upload tickets for file drops. Never routed by the
 * gateway; every call carries the service secret ({@code depot.internal.secret}), without which
 * files-service answers 403. {@code rootType} is {@code file} or {@code folder}: the kind of the shared root.
 */
@Path("/internal")
@RegisterRestClient(configKey = "files-service")
@ClientHeaderParam(name = FilesInternalApi.SERVICE_TOKEN_HEADER, value = "${depot.internal.secret}", required = false)
@Produces(MediaType.APPLICATION_JSON)
public interface FilesInternalApi {

    /** The header files-service's InternalApiFilter reads the service secret from. */
    String SERVICE_TOKEN_HEADER = "X-Depot-Service-Token";

    /** At most 200 items; read-only, so safe to repeat. */
    @POST
    @Path("/resources/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<LookupResponse> lookup(LookupRequest request);

    /** One page of {@code folderId} (null: the root), which must lie inside the shared folder; 404 otherwise. */
    @GET
    @Path("/shared/{rootType}/{rootId}/contents")
    Uni<SharedContents> contents(
            @PathParam("rootType") String rootType,
            @PathParam("rootId") UUID rootId,
            @QueryParam("folder_id") UUID folderId,
            @QueryParam("page") int page,
            @QueryParam("page_size") int pageSize);

    /** A file of the share: the shared file itself, or one inside the shared folder. */
    @GET
    @Path("/shared/{rootType}/{rootId}/files/{fileId}")
    Uni<SharedFile> file(
            @PathParam("rootType") String rootType, @PathParam("rootId") UUID rootId, @PathParam("fileId") UUID fileId);

    /** A signed, expiring /cdn/ URL for a file of the share; counted as a download, so never repeated blindly. */
    @POST
    @Path("/shared/{rootType}/{rootId}/files/{fileId}/signed-url")
    Uni<DownloadLink> signedUrl(
            @PathParam("rootType") String rootType, @PathParam("rootId") UUID rootId, @PathParam("fileId") UUID fileId);

    /**
     * A single-use download URL for a file of a protected public link, never outliving the share's expiry;
     * counted as a download like a signed URL. Answered 201.
     */
    @POST
    @Path("/shared/{rootType}/{rootId}/files/{fileId}/transfer-ticket")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<DownloadLink> transferTicket(
            @PathParam("rootType") String rootType,
            @PathParam("rootId") UUID rootId,
            @PathParam("fileId") UUID fileId,
            TransferTicketRequest request);

    /** The share was revoked: its transfer tickets stop working now, and no new one is issued. Answered 204. */
    @DELETE
    @Path("/shares/{shareId}/transfer-tickets")
    Uni<Void> revokeTransferTickets(@PathParam("shareId") UUID shareId);

    /** A single-use upload ticket into a live folder, for a file-drop share. Answered 201. */
    @POST
    @Path("/drop-tickets")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<DropTicket> dropTicket(DropTicketRequest request);
}
