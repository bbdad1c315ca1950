package dev.depot.sharing.service;

import dev.depot.common.error.ApiException;
import dev.depot.crypto.Hashes;
import dev.depot.sharing.ShareRequest;
import dev.depot.sharing.repository.ShareRequestRepository;
import dev.depot.sharing.service.ShareCreator.NewShare;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The Idempotency-Key of POST /shares/ (the header of the IETF httpapi draft, as Stripe's API has it): a
 * request sent with a key records it with the shares it made, in the same transaction; the same request
 * again, within a day, is answered with those shares instead of making new ones. A client whose answer
 * was lost (a gateway or replica died on the way back) can therefore send a share-making POST again, as
 * it would a PUT. The same key with another body is refused (422).
 */
@ApplicationScoped
public class ShareRequests {

    /** How long a key is remembered, at least (the purge runs hourly). */
    static final Duration KEPT = Duration.ofDays(1);

    private static final int MAX_KEY_LENGTH = 255;

    private final ShareRequestRepository requests;
    private final Clock clock;

    public ShareRequests(ShareRequestRepository requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * The key the header carries (its values as sent): a token or, as the draft writes it, a quoted
     * string; 1 to 255 visible ASCII characters. Null when there is no header.
     */
    public static String key(List<String> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        // Sent twice, or empty (which JAX-RS would read as no header): malformed.
        String key = headers.size() == 1 ? headers.get(0).trim() : "";
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.validation(
                    "Idempotency-Key must be 1 to 255 visible ASCII characters",
                    Map.of("Idempotency-Key", "1 to 255 visible ASCII characters"));
        }
        return key;
    }

    /**
     * What the request asks for, hashed. A password counts only as being there: its text is not kept,
     * even hashed, outside the share's own slow hash.
     */
    static String fingerprint(NewShare in) {
        NewShare asked = new NewShare(
                in.resourceType(),
                in.resourceId(),
                in.permissionLevel(),
                in.isPublic(),
                in.sharedWithUser(),
                in.expiresAt(),
                in.allowDownload(),
                in.allowPreview(),
                in.downloadLimit(),
                in.password() == null ? null : "(a password)",
                in.sharedUsers());
        return Hashes.sha256Hex(asked.toString());
    }

    /**
     * The shares an earlier request with this key made, or null when there was none. The same key with
     * another request is a 422: the client reused a key, and making or not making the shares would both be
     * wrong.
     */
    @WithSession
    Uni<List<UUID>> earlier(UUID caller, String key, String fingerprint) {
        return requests.byKey(caller, key).map(found -> {
            if (found == null) {
                return null;
            }
            if (!found.fingerprint.equals(fingerprint)) {
                throw new ApiException(
                        422,
                        "IdempotencyKeyReused",
                        "this Idempotency-Key was sent with a different request; use a new key for a new request",
                        Map.of("Idempotency-Key", key),
                        null);
            }
            return found.shares();
        });
    }

    /** Records the key with the shares made; within the transaction that makes them. */
    Uni<Void> record(UUID caller, String key, String fingerprint, List<UUID> shares) {
        ShareRequest r = new ShareRequest();
        r.id = UUID.randomUUID();
        r.ownerId = caller;
        r.idempotencyKey = key;
        r.fingerprint = fingerprint;
        r.shareIds = shares.stream().map(UUID::toString).collect(Collectors.joining(" "));
        r.createdAt = OffsetDateTime.now(clock);
        return requests.persist(r).replaceWithVoid();
    }

    /** Forgets keys older than {@link #KEPT}; the same statement on every replica at once is harmless. */
    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @WithTransaction
    Uni<Void> purge() {
        return requests.deleteOlderThan(OffsetDateTime.now(clock).minus(KEPT)).replaceWithVoid();
    }
}
