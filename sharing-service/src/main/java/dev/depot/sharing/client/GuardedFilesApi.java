package dev.depot.sharing.client;

import dev.depot.filesapi.DownloadLink;
import dev.depot.filesapi.DropTicket;
import dev.depot.filesapi.DropTicketRequest;
import dev.depot.filesapi.LookupRequest;
import dev.depot.filesapi.LookupResponse;
import dev.depot.filesapi.SharedContents;
import dev.depot.filesapi.SharedFile;
import dev.depot.filesapi.TransferTicketRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * files-service's /internal API behind a circuit breaker and, for the calls that change nothing, retries.
 * Only a call that got no answer (refused, broken or timed out) counts against the breaker: an answer,
 * even a 404 or a 500 (a WebApplicationException), is files-service working. A read that could not
 * connect is tried again while that stays quick (within {@code maxDuration}, so a call that waited out
 * the read timeout is not waited out twice); a call that counts a download or issues a ticket is never
 * repeated, as its lost answer may have been counted. While the breaker is open the calls fail at once
 * rather than each waiting for a service that is down.
 */
@ApplicationScoped
@Retry(
        maxRetries = 2,
        delay = 100,
        jitter = 50,
        maxDuration = 3000,
        retryOn = {ConnectException.class, ProcessingException.class},
        abortOn = WebApplicationException.class)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, skipOn = WebApplicationException.class)
public class GuardedFilesApi {

    private final FilesReplicas replicas;

    public GuardedFilesApi(FilesReplicas replicas) {
        this.replicas = replicas;
    }

    public Uni<LookupResponse> lookup(LookupRequest request) {
        return replicas.call(api -> api.lookup(request));
    }

    public Uni<SharedContents> contents(String rootType, UUID rootId, UUID folderId, int page, int pageSize) {
        return replicas.call(api -> api.contents(rootType, rootId, folderId, page, pageSize));
    }

    public Uni<SharedFile> file(String rootType, UUID rootId, UUID fileId) {
        return replicas.call(api -> api.file(rootType, rootId, fileId));
    }

    /** Counts a download: never repeated. */
    @Retry(maxRetries = 0)
    public Uni<DownloadLink> signedUrl(String rootType, UUID rootId, UUID fileId) {
        return replicas.call(api -> api.signedUrl(rootType, rootId, fileId));
    }

    /** Issues a ticket: never repeated. */
    @Retry(maxRetries = 0)
    public Uni<DownloadLink> transferTicket(String rootType, UUID rootId, UUID fileId, TransferTicketRequest request) {
        return replicas.call(api -> api.transferTicket(rootType, rootId, fileId, request));
    }

    /** Ending tickets twice ends them once: safe to repeat. */
    public Uni<Void> revokeTransferTickets(UUID shareId) {
        return replicas.call(api -> api.revokeTransferTickets(shareId));
    }

    /** Issues a ticket: never repeated. */
    @Retry(maxRetries = 0)
    public Uni<DropTicket> dropTicket(DropTicketRequest request) {
        return replicas.call(api -> api.dropTicket(request));
    }
}
