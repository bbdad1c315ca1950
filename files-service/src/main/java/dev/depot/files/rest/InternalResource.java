package dev.depot.files.rest;

import dev.depot.common.error.ApiException;
import dev.depot.common.web.PageRequest;
import dev.depot.files.mapping.Views;
import dev.depot.files.service.DownloadService;
import dev.depot.files.service.DropService;
import dev.depot.files.service.ShareAccessService;
import dev.depot.files.service.ShareAccessService.Item;
import dev.depot.files.service.ShareAccessService.Kind;
import dev.depot.files.service.ShareAccessService.Resolved;
import dev.depot.files.service.TransferService;
import dev.depot.files.storage.SignedLinks;
import dev.depot.filesapi.DownloadLink;
import dev.depot.filesapi.DropTicket;
import dev.depot.filesapi.DropTicketRequest;
import dev.depot.filesapi.LookupRequest;
import dev.depot.filesapi.LookupResponse;
import dev.depot.filesapi.ResourceInfo;
import dev.depot.filesapi.SharedContents;
import dev.depot.filesapi.SharedFile;
import dev.depot.filesapi.TransferTicketRequest;
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

    private final ShareAccessService shared;
    private final DropService drops;
    private final TransferService transfers;
    private final DownloadService downloads;
    private final SignedLinks links;

    public InternalResource(
            ShareAccessService shared,
            DropService drops,
            TransferService transfers,
            DownloadService downloads,
            SignedLinks links) {
        this.downloads = downloads;
        this.links = links;
        this.shared = shared;
        this.drops = drops;
        this.transfers = transfers;
    }

    @POST
    @Path("/resources/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<LookupResponse> lookup(LookupRequest body) {
        if (body == null || body.items() == null) {
            throw ApiException.validation("items is required", Map.of("items", "is required"));
        }
        if (body.items().size() > ShareAccessService.MAX_LOOKUP) {
            throw ApiException.validation(
                    "at most " + ShareAccessService.MAX_LOOKUP + " items per lookup", Map.of("items", "too many"));
        }
        List<Item> items = body.items().stream()
                .map(i -> {
                    if (i == null || i.resourceId() == null) {
                        throw ApiException.validation(
                                "every item needs a resource_id", Map.of("resource_id", "is required"));
                    }
                    return new Item(Kind.of("resource_type", i.resourceType()), i.resourceId());
                })
                .toList();
        return shared.lookup(items, body.userId())
                .map(list -> new LookupResponse(
                        list.stream().map(InternalResource::result).toList()));
    }

    /**
     * The live contents of {@code folder_id} (default: the root), which must lie inside the shared root.
     * Only folders have contents; the path is templated like the file routes beside it, whose
     * matching a literal "folder" segment here would shadow.
     */
    @GET
    @Path("/shared/{rootType}/{rootId}/contents")
    public Uni<SharedContents> contents(
            @PathParam("rootType") String rootType,
            @PathParam("rootId") UUID rootId,
            @QueryParam("folder_id") UUID folderId,
            @QueryParam("page") String page,
            @QueryParam("page_size") String pageSize,
            @Context UriInfo uri) {
        if (Kind.of("root_type", rootType) != Kind.FOLDER) {
            throw ApiException.notFound("contents of a file");
        }
        PageRequest requested = QueryParams.page(page, pageSize);
        return shared.contents(rootId, folderId, requested)
                .map(c -> Views.sharedContents(c, requested.page(c.files(), uri), rootId, links));
    }

    @GET
    @Path("/shared/{rootType}/{rootId}/files/{fileId}")
    public Uni<SharedFile> file(
            @PathParam("rootType") String rootType,
            @PathParam("rootId") UUID rootId,
            @PathParam("fileId") UUID fileId) {
        return shared.file(Kind.of("root_type", rootType), rootId, fileId)
                .map(f -> Views.sharedFile(f, links, links.renditionExpiry()));
    }

    /** A signed download link (relative to the public root) for a file inside the share; counted as a download. */
    @POST
    @Path("/shared/{rootType}/{rootId}/files/{fileId}/signed-url")
    public Uni<DownloadLink> signedUrl(
            @PathParam("rootType") String rootType,
            @PathParam("rootId") UUID rootId,
            @PathParam("fileId") UUID fileId) {
        return shared.link(Kind.of("root_type", rootType), rootId, fileId).map(InternalResource::downloadLink);
    }

    /**
     * A single-use download URL (relative to the public root) for a file inside a protected public
     * link, counted as a download; files hosted elsewhere answer with their external URL.
     */
    @POST
    @Path("/shared/{rootType}/{rootId}/files/{fileId}/transfer-ticket")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> transferTicket(
            @PathParam("rootType") String rootType,
            @PathParam("rootId") UUID rootId,
            @PathParam("fileId") UUID fileId,
            TransferTicketRequest body) {
        if (body == null || body.shareId() == null) {
            throw ApiException.validation("share_id is required", Map.of("share_id", "is required"));
        }
        return transfers
                .issue(Kind.of("root_type", rootType), rootId, fileId, body.shareId(), body.expiresAt())
                .map(t -> Response.status(201)
                        .entity(downloadLink(
                                t.ticket() == null
                                        ? downloads.external(t.file())
                                        : new DownloadService.Link(
                                                TransferResource.PATH + t.ticket(),
                                                t.file().filename,
                                                t.file().fileSize,
                                                t.file().mimeType,
                                                t.expiresAt().toInstant(),
                                                false,
                                                true)))
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
            throw ApiException.validation(
                    "expires_in_seconds must be between 1 and " + DropService.MAX_TTL_SECONDS,
                    Map.of("expires_in_seconds", "out of range"));
        }
        return drops.issue(body.folderId(), body.shareId(), ttl).map(t -> Response.status(201)
                .entity(new DropTicket(DropResource.PATH + t.ticket(), t.expiresAt()))
                .build());
    }

    private static ResourceInfo result(Resolved r) {
        return new ResourceInfo(
                r.kind().key(),
                r.id(),
                r.state(),
                r.ownerId(),
                r.name(),
                r.size(),
                r.mimeType(),
                r.parentId(),
                r.path(),
                r.access() == null ? null : r.access().key(),
                r.viaShareId());
    }

    /** A download answer as the internal API's contract words it (the same fields as the public one's). */
    private static DownloadLink downloadLink(DownloadService.Link l) {
        return new DownloadLink(
                l.downloadUrl(), l.filename(), l.size(), l.mimeType(), l.expiresAt(), l.external(), l.redirect());
    }
}
