package dev.depot.files.rest;

import dev.depot.common.error.ApiException;
import dev.depot.files.mapping.Views;
import dev.depot.files.mapping.Views.SharedContentsView;
import dev.depot.files.mapping.Views.SharedFileView;
import dev.depot.files.service.DownloadService;
import dev.depot.files.service.DropService;
import dev.depot.files.service.SharedService;
import dev.depot.files.service.SignedLinks;
import dev.depot.files.service.SharedService.Item;
import dev.depot.files.service.SharedService.Kind;
import dev.depot.files.service.SharedService.Resolved;
import dev.depot.files.service.TransferService;
import io.smallrye.mutiny.Uni;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * /internal/: what sharing-service asks of files-service. Never routed by the gateway; every call
 * must carry the service secret (checked by InternalApiFilter before anything here runs).
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalResource {

    private final SharedService shared;
    private final DropService drops;
    private final TransferService transfers;
    private final DownloadService downloads;
    private final SignedLinks links;

    public InternalResource(SharedService shared, DropService drops, TransferService transfers,
            DownloadService downloads, SignedLinks links) {
        this.downloads = downloads;
        this.links = links;
        this.shared = shared;
        this.drops = drops;
        this.transfers = transfers;
    }

    public record LookupItem(String resourceType, UUID resourceId) {
    }

    /** {@code user_id}: whose access to report; null for none. */
    public record LookupRequest(List<LookupItem> items, UUID userId) {
    }

    /** {@code via_share_id}: for admin access, the share whose grant gives it (what a re-share is made through). */
    public record LookupResult(String resourceType, UUID resourceId, String state, UUID ownerId, String name,
            Long size, String mimeType, UUID parentId, String path, String access, UUID viaShareId) {
    }

    public record LookupResponse(List<LookupResult> results) {
    }

    public record DropTicketRequest(UUID folderId, UUID shareId, Long expiresInSeconds) {
    }

    public record DropTicketView(String uploadUrl, OffsetDateTime expiresAt) {
    }

    /** {@code expires_at}: the share's expiry, which no ticket outlives; null for none. */
    public record TransferTicketRequest(UUID shareId, OffsetDateTime expiresAt) {
    }

    @POST
    @Path("/resources/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<LookupResponse> lookup(LookupRequest body) {
        if (body == null || body.items() == null) {
            throw ApiException.validation("items is required", Map.of("items", "is required"));
        }
        if (body.items().size() > SharedService.MAX_LOOKUP) {
            throw ApiException.validation("at most " + SharedService.MAX_LOOKUP + " items per lookup",
                    Map.of("items", "too many"));
        }
        List<Item> items = body.items().stream().map(i -> {
            if (i == null || i.resourceId() == null) {
                throw ApiException.validation("every item needs a resource_id", Map.of("resource_id", "is required"));
            }
            return new Item(Kind.of("resource_type", i.resourceType()), i.resourceId());
        }).toList();
        return shared.lookup(items, body.userId())
                .map(list -> new LookupResponse(list.stream().map(InternalResource::result).toList()));
    }

    /**
     * The live contents of {@code folder_id} (default: the root), which must lie inside the shared root.
     * Only folders have contents; the path is templated like the file routes beside it, whose
     * matching a literal "folder" segment here would shadow.
     */
    @GET
    @Path("/shared/{rootType}/{rootId}/contents")
    public Uni<SharedContentsView> contents(@PathParam("rootType") String rootType, @PathParam("rootId") UUID rootId,
            @QueryParam("folder_id") UUID folderId, @QueryParam("page") String page,
            @QueryParam("page_size") String pageSize, @Context UriInfo uri) {
        if (Kind.of("root_type", rootType) != Kind.FOLDER) {
            throw ApiException.notFound("contents of a file");
        }
        return shared.contents(rootId, folderId, QueryParams.page(page, pageSize), uri)
                .map(c -> Views.sharedContents(c, rootId, links));
    }

    @GET
    @Path("/shared/{rootType}/{rootId}/files/{fileId}")
    public Uni<SharedFileView> file(@PathParam("rootType") String rootType, @PathParam("rootId") UUID rootId,
            @PathParam("fileId") UUID fileId) {
        return shared.file(Kind.of("root_type", rootType), rootId, fileId)
                .map(f -> Views.sharedFile(f, links, links.renditionExpiry()));
    }

    /** A signed download link (relative to the public root) for a file inside the share; counted as a download. */
    @POST
    @Path("/shared/{rootType}/{rootId}/files/{fileId}/signed-url")
    public Uni<DownloadService.Link> signedUrl(@PathParam("rootType") String rootType, @PathParam("rootId") UUID rootId,
            @PathParam("fileId") UUID fileId) {
        return shared.link(Kind.of("root_type", rootType), rootId, fileId);
    }

    /**
     * A single-use download URL (relative to the public root) for a file inside a protected public
     * link, counted as a download; files hosted elsewhere answer with their external URL.
     */
    @POST
    @Path("/shared/{rootType}/{rootId}/files/{fileId}/transfer-ticket")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> transferTicket(@PathParam("rootType") String rootType, @PathParam("rootId") UUID rootId,
            @PathParam("fileId") UUID fileId, TransferTicketRequest body) {
        if (body == null || body.shareId() == null) {
            throw ApiException.validation("share_id is required", Map.of("share_id", "is required"));
        }
        return transfers.issue(Kind.of("root_type", rootType), rootId, fileId, body.shareId(), body.expiresAt())
                .map(t -> Response.status(201).entity(t.ticket() == null ? downloads.external(t.file())
                        : new DownloadService.Link(TransferResource.PATH + t.ticket(), t.file().filename,
                                t.file().fileSize, t.file().mimeType, t.expiresAt().toInstant(), false, true))
                        .build());
    }

    /** The share was revoked: its transfer tickets stop working now, and no new one is issued. */
    @DELETE
    @Path("/shares/{shareId}/transfer-tickets")
    public Uni<Response> revokeTransferTickets(@PathParam("shareId") UUID shareId) {
        return transfers.shareRevoked(shareId).replaceWith(Response.noContent().build());
    }

    /** A single-use upload ticket into a live folder, for a file-drop share. */
    @POST
    @Path("/drop-tickets")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> dropTicket(DropTicketRequest body) {
        if (body == null || body.folderId() == null) {
            throw ApiException.validation("folder_id is required", Map.of("folder_id", "is required"));
        }
        long ttl = body.expiresInSeconds() == null ? DropService.DEFAULT_TTL_SECONDS : body.expiresInSeconds();
        if (ttl < 1 || ttl > DropService.MAX_TTL_SECONDS) {
            throw ApiException.validation("expires_in_seconds must be between 1 and " + DropService.MAX_TTL_SECONDS,
                    Map.of("expires_in_seconds", "out of range"));
        }
        return drops.issue(body.folderId(), body.shareId(), ttl).map(t -> Response.status(201)
                .entity(new DropTicketView(DropResource.PATH + t.ticket(), t.expiresAt())).build());
    }

    private static LookupResult result(Resolved r) {
        return new LookupResult(r.kind().key(), r.id(), r.state(), r.ownerId(), r.name(), r.size(), r.mimeType(),
                r.parentId(), r.path(), r.access() == null ? null : r.access().key(), r.viaShareId());
    }
}
