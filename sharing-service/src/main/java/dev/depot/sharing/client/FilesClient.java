package dev.depot.sharing.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.depot.common.error.ApiException;
import dev.depot.filesapi.DownloadLink;
import dev.depot.filesapi.DropTicket;
import dev.depot.filesapi.DropTicketRequest;
import dev.depot.filesapi.LookupRequest;
import dev.depot.filesapi.LookupResponse;
import dev.depot.filesapi.ResourceInfo;
import dev.depot.filesapi.ResourceRef;
import dev.depot.filesapi.SharedContents;
import dev.depot.filesapi.SharedFile;
import dev.depot.filesapi.TransferTicketRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * files-service's /internal API as sharing-service's callers need it: what a shared resource is, what a
 * shared folder holds, URLs for its bytes and drop tickets. Sharing never touches the bytes or the files
 * database itself. Every failure is an ApiException the caller can pass on: files-service's 404 is "not
 * found" (of what was asked for), its 400 a refused request, any other answer a bad gateway, and no
 * answer at all (or an open circuit) the file service being unavailable.
 */
@ApplicationScoped
public class FilesClient {

    private static final Logger LOG = Logger.getLogger(FilesClient.class);

    private final GuardedFilesApi api;

    public FilesClient(GuardedFilesApi api) {
        this.api = api;
    }

    /** Each item's resource in the order asked, with {@code userId}'s access (none when null). */
    public Uni<List<ResourceInfo>> lookup(List<ResourceRef> items, UUID userId) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return guard(api.lookup(new LookupRequest(items, userId)), "resources").map(LookupResponse::results);
    }

    public Uni<ResourceInfo> lookup(String type, UUID id, UUID userId) {
        return lookup(List.of(new ResourceRef(type, id)), userId).map(list -> list.get(0));
    }

    /** One page of a folder inside the shared folder {@code rootId} (its root when null); 404 for anything outside it. */
    public Uni<SharedContents> contents(UUID rootId, UUID folderId, int page, int pageSize) {
        return guard(api.contents("folder", rootId, folderId, page, pageSize), "folder");
    }

    /** A file of the share (the shared file itself, or one inside the shared folder). */
    public Uni<SharedFile> file(String rootType, UUID rootId, UUID fileId) {
        return guard(api.file(rootType, rootId, fileId), "file");
    }

    /** A signed, expiring /cdn/ URL (a path) for a file of the share. */
    public Uni<DownloadLink> signedUrl(String rootType, UUID rootId, UUID fileId) {
        return guard(api.signedUrl(rootType, rootId, fileId), "file");
    }

    /**
     * A single-use download URL (a path) for a file of a protected public link, never outliving the
     * share's {@code expiresAt}; files-service counts it as a download like a signed URL.
     */
    public Uni<DownloadLink> transferTicket(
            String rootType, UUID rootId, UUID fileId, UUID shareId, OffsetDateTime expiresAt) {
        return guard(
                api.transferTicket(rootType, rootId, fileId, new TransferTicketRequest(shareId, expiresAt)), "file");
    }

    /** Ends the revoked share's transfer tickets at once, and has files-service refuse new ones for it. */
    public Uni<Void> revokeTransferTickets(UUID shareId) {
        return guard(api.revokeTransferTickets(shareId), "share");
    }

    /** A single-use upload URL (a path) into the folder, for a file-drop link. */
    public Uni<DropTicket> dropTicket(UUID folderId, UUID shareId, long expiresInSeconds) {
        return guard(api.dropTicket(new DropTicketRequest(folderId, shareId, expiresInSeconds)), "folder");
    }

    private static <T> Uni<T> guard(Uni<T> call, String what) {
        return call.onFailure().transform(e -> failure(e, what));
    }

    private static Throwable failure(Throwable e, String what) {
        if (causedBy(e, JsonProcessingException.class)) {
            LOG.warnf("files-service answered something unreadable: %s", e.toString());
            return new ApiException(502, "BadGateway", "the file service answered something unreadable");
        }
        if (e instanceof WebApplicationException answered) {
            int status = answered.getResponse().getStatus();
            if (status == 404) {
                return ApiException.notFound(what);
            }
            LOG.warnf("files-service answered %d: %s", status, body(answered));
            return status == 400
                    ? new ApiException(400, "ValidationError", "files-service refused the request")
                    : new ApiException(502, "BadGateway", "the file service failed; try again shortly");
        }
        LOG.warnf("files-service is unreachable: %s", e.toString());
        return new ApiException(503, "ServiceUnavailable", "the file service is not available; try again shortly");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String body(WebApplicationException answered) {
        try {
            return answered.getResponse().readEntity(String.class);
        } catch (RuntimeException unreadable) {
            return "(no body)";
        }
    }
}
