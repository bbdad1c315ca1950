package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.crypto.Hashes;
import dev.depot.files.DropTicket;
import dev.depot.files.StoredFile;
import dev.depot.files.repository.DropTicketRepository;
import dev.depot.files.repository.FolderRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * File drops: sharing-service asks for a single-use ticket into a folder, and whoever holds it may
 * upload one file there, straight to files-service, as if the folder's owner had uploaded it.
 */
@ApplicationScoped
public class DropService {

    public static final long DEFAULT_TTL_SECONDS = 3600;
    public static final long MAX_TTL_SECONDS = 86400;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DropTicketRepository tickets;
    private final FolderRepository folders;
    private final UploadService uploads;
    private final FileService files;
    private final Clock clock;

    public DropService(
            DropTicketRepository tickets,
            FolderRepository folders,
            UploadService uploads,
            FileService files,
            Clock clock) {
        this.tickets = tickets;
        this.folders = folders;
        this.uploads = uploads;
        this.files = files;
        this.clock = clock;
    }

    /** A new ticket (shown once, never stored) and when it stops working. */
    public record Issued(String ticket, OffsetDateTime expiresAt) {}

    /** A ticket into a live folder (404 otherwise), good for one drop within {@code ttlSeconds}. */
    public Uni<Issued> issue(UUID folderId, UUID shareId, long ttlSeconds) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return Panache.withTransaction(() -> folders.find("id = ?1 and trashedAt is null", folderId)
                        .firstResult()
                        .onItem()
                        .ifNull()
                        .failWith(() -> ApiException.notFound("folder " + folderId))
                        .chain(folder -> tickets.deleteStale().chain(() -> {
                            OffsetDateTime now = OffsetDateTime.now(clock);
                            DropTicket t = new DropTicket();
                            t.hash = hash(ticket);
                            t.folderId = folder.id;
                            t.ownerId = folder.ownerId;
                            t.shareId = shareId;
                            t.createdAt = now;
                            t.expiresAt = now.plusSeconds(ttlSeconds);
                            return tickets.persist(t);
                        })))
                .map(t -> new Issued(ticket, t.expiresAt));
    }

    /**
     * Uses the ticket (404 when unknown, used or expired) and stores the file in its folder. The
     * ticket is taken before the bytes are looked at, so two drops cannot share it; if storing then
     * fails, it is given back for the dropper to try again.
     */
    public Uni<StoredFile> drop(String ticket, Path spooled, String clientFilename) {
        String hash = hash(ticket);
        return Panache.withTransaction(() -> tickets.consume(hash))
                .onItemOrFailure()
                .transformToUni((target, failure) -> {
                    if (failure != null || target == null) {
                        UploadService.deleteQuietly(spooled);
                        return Uni.createFrom().failure(failure != null ? failure : ApiException.notFound("drop link"));
                    }
                    return uploads.store(spooled, clientFilename)
                            .chain(bytes -> uploads.recorded(
                                    bytes,
                                    () -> files.storeDropped(
                                            target.ownerId(), target.folderId(), clientFilename, bytes)))
                            .onFailure()
                            .call(() -> Panache.withTransaction(() -> tickets.release(hash)));
                });
    }

    static String hash(String ticket) {
        return Hashes.sha256Hex(ticket);
    }
}
