package dev.depot.files.service;

import dev.depot.blobstore.BlobStore;
import dev.depot.common.error.ApiException;
import dev.depot.events.payload.SharePayload;
import dev.depot.files.StoredFile;
import dev.depot.files.TransferTicket;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.TransferTicketRepository;
import dev.depot.files.service.ShareAccessService.Kind;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Single-use downloads for protected public links (a download limit, a password or an expiry):
 * sharing-service asks for one ticket per counted use, and the ticket serves one transfer.
 * <p>
 * The rule: the first request that presents the ticket claims it (one conditional UPDATE, so of two
 * concurrent first uses exactly one wins) and gets the bytes, whole or a range. After that, only
 * Range requests from the same client address and User-Agent are answered, and only until the ticket
 * expires (a few minutes after issue, never after the share): a browser or download manager resuming
 * or splitting the same transfer, not a second download. HEAD never claims. A ticket dies with its
 * share: revoking drops the share's tickets and refuses new ones; an earlier expiry moves theirs.
 */
@ApplicationScoped
public class TransferService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int MAX_AGENT = 512;

    private final TransferTicketRepository tickets;
    private final ShareAccessService shared;
    private final FileService fileService;
    private final FileRepository files;
    private final BlobStore blobs;
    private final FilesConfig config;
    private final Clock clock;

    public TransferService(
            TransferTicketRepository tickets,
            ShareAccessService shared,
            FileService fileService,
            FileRepository files,
            BlobStore blobs,
            FilesConfig config,
            Clock clock) {
        this.tickets = tickets;
        this.shared = shared;
        this.fileService = fileService;
        this.files = files;
        this.blobs = blobs;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A ticket (shown once, never stored) for a file of the share; null for a file whose bytes are
     * hosted elsewhere, which only its external URL can serve.
     */
    public record Issued(String ticket, StoredFile file, OffsetDateTime expiresAt) {}

    /** Who is asking for the bytes: the client address the gateway saw and the User-Agent. */
    public record Client(String address, String userAgent) {
        String agent() {
            return userAgent == null ? null : userAgent.substring(0, Math.min(MAX_AGENT, userAgent.length()));
        }
    }

    /**
     * One ticket for a file inside the share, counted as a download like a signed link. 404 when the
     * file is not in the share, the share was revoked, or it has expired ({@code shareExpiresAt}).
     */
    public Uni<Issued> issue(Kind rootKind, UUID rootId, UUID fileId, UUID shareId, OffsetDateTime shareExpiresAt) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (shareExpiresAt != null && !shareExpiresAt.isAfter(now)) {
            return Uni.createFrom().failure(ApiException.notFound("share " + shareId));
        }
        OffsetDateTime ends = now.plus(config.transferTicketTtl());
        OffsetDateTime expires = shareExpiresAt != null && shareExpiresAt.isBefore(ends)
                ? shareExpiresAt.withOffsetSameInstant(ZoneOffset.UTC)
                : ends;
        String ticket = newTicket();
        return Panache.withTransaction(() -> tickets.lockShare(shareId)
                .chain(() -> tickets.isRevoked(shareId))
                .chain(revoked -> revoked
                        ? Uni.createFrom().<StoredFile>failure(ApiException.notFound("share " + shareId))
                        : shared.file(rootKind, rootId, fileId))
                .chain(f -> fileService.recordDownload(f.ownerId, f.id))
                .chain(file -> {
                    if (file.storagePath == null) {
                        return Uni.createFrom().item(new Issued(null, file, null));
                    }
                    TransferTicket t = new TransferTicket();
                    t.hash = DropService.hash(ticket);
                    t.fileId = file.id;
                    t.sha256 = file.sha256;
                    t.shareId = shareId;
                    t.createdAt = now;
                    t.expiresAt = expires;
                    return tickets.persist(t).map(saved -> new Issued(ticket, file, expires));
                }));
    }

    /**
     * The bytes of one transfer (see the class comment for who gets them); a HEAD only looks. {@code range}:
     * the request's Range header, since after the claim only Range requests are answered.
     */
    public Uni<Download> serve(String ticket, boolean head, String range, Client client) {
        if (ticket == null || !TICKET.matcher(ticket).matches()) {
            return Uni.createFrom().failure(ApiException.notFound("download link"));
        }
        String hash = DropService.hash(ticket);
        return Panache.withTransaction(() -> tickets.current(hash).chain(t -> {
            if (t == null) {
                return Uni.createFrom().failure(ApiException.notFound("download link"));
            }
            if (head || t.claimedAt != null) {
                return allowedAfterClaim(t, head, range, client)
                        ? bytes(t)
                        : Uni.createFrom().failure(refusal(t));
            }
            return tickets.claim(hash, client.address(), client.agent())
                    .chain(won -> won
                            ? bytes(t)
                            // Someone claimed it first, perhaps this same client splitting its transfer.
                            : tickets.current(hash)
                                    .chain(fresh -> fresh == null
                                            ? Uni.createFrom().failure(ApiException.notFound("download link"))
                                            : allowedAfterClaim(fresh, false, range, client)
                                                    ? bytes(fresh)
                                                    : Uni.createFrom().failure(refusal(fresh))));
        }));
    }

    /** A HEAD of a live ticket not claimed by someone else, or a Range request of the claimer's own transfer. */
    boolean allowedAfterClaim(TransferTicket t, boolean head, String range, Client client) {
        if (!t.expiresAt.isAfter(OffsetDateTime.now(clock))) {
            return false;
        }
        if (t.claimedAt == null) {
            return head;
        }
        return (head || range != null)
                && Objects.equals(t.claimerAddress, client.address())
                && Objects.equals(t.claimerAgent, client.agent());
    }

    private ApiException refusal(TransferTicket t) {
        return t.expiresAt.isAfter(OffsetDateTime.now(clock))
                ? new ApiException(410, "Gone", "this download link has been used; open the share link again")
                : new ApiException(410, "Gone", "this download link has expired; open the share link again");
    }

    private Uni<Download> bytes(TransferTicket t) {
        return files.find("id = ?1 and trashedAt is null", t.fileId)
                .<StoredFile>firstResult()
                .map(file -> {
                    if (file == null || file.storagePath == null || !t.sha256.equals(file.sha256)) {
                        throw ApiException.notFound("the file of this download link");
                    }
                    return Download.of(file, blobs, 0);
                });
    }

    /** The share was revoked: its tickets stop working and none is issued for it any more. */
    public Uni<Void> shareRevoked(UUID shareId) {
        return Panache.withTransaction(() -> tickets.lockShare(shareId)
                        .chain(() -> tickets.markRevoked(shareId))
                        .chain(() -> tickets.deleteOfShare(shareId)))
                .replaceWithVoid();
    }

    /** A share changed (share.updated or share.revoked): its tickets follow its expiry, or end with it. */
    public Uni<Void> shareChanged(SharePayload share) {
        if (!share.active()) {
            return shareRevoked(share.shareId());
        }
        if (!share.allowDownload()) {
            return Panache.withTransaction(() -> tickets.deleteOfShare(share.shareId()))
                    .replaceWithVoid();
        }
        OffsetDateTime expiry =
                share.expiresAt() == null ? null : share.expiresAt().atOffset(ZoneOffset.UTC);
        return Panache.withTransaction(
                        () -> tickets.followShareExpiry(share.shareId(), expiry, config.transferTicketTtl()))
                .replaceWithVoid();
    }

    /**
     * Tickets an hour past their expiry, and revocations a day old (no request can still be issuing).
     * Runs on every replica, unguarded: two bulk deletes by row condition, nothing published, so a
     * second replica running at once waits for the first one's row locks and finds nothing left.
     */
    @Scheduled(
            every = "${depot.files.transfer-ticket-collect-every:10m}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> collect() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return Panache.withTransaction(() -> tickets.deleteExpiredBefore(now.minusHours(1))
                        .chain(() -> tickets.deleteRevocationsBefore(now.minusDays(1))))
                .replaceWithVoid();
    }

    private static String newTicket() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
