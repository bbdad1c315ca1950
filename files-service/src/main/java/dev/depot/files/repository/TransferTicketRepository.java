package dev.depot.files.repository;

import dev.depot.files.TransferTicket;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Transfer tickets of protected public links, by the hash of the ticket, and the shares revoked since. */
@ApplicationScoped
public class TransferTicketRepository implements PanacheRepositoryBase<TransferTicket, String> {

    /**
     * Claims an unclaimed, unexpired ticket for its first request, in one statement, so that of two
     * concurrent first uses exactly one wins. True when this call won.
     */
    public Uni<Boolean> claim(String hash, String address, String agent) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "UPDATE transfer_ticket SET claimed_at = now(), claimer_address = ?2, claimer_agent = ?3 "
                                        + "WHERE hash = ?1 AND claimed_at IS NULL AND expires_at > now()")
                        .setParameter(1, hash)
                        .setParameter(2, address)
                        .setParameter(3, agent)
                        .executeUpdate())
                .map(rows -> rows == 1);
    }

    /**
     * The ticket as it is now in the database, whatever this session holds of it (a concurrent request
     * may just have claimed it); a plain copy, not managed. Null when there is none.
     */
    public Uni<TransferTicket> current(String hash) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "SELECT file_id, sha256, share_id, created_at, "
                                        + "expires_at, claimed_at, claimer_address, claimer_agent FROM transfer_ticket WHERE hash = ?1",
                                Object[].class)
                        .setParameter(1, hash)
                        .getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    Object[] r = rows.get(0);
                    TransferTicket t = new TransferTicket();
                    t.hash = hash;
                    t.fileId = (UUID) r[0];
                    t.sha256 = (String) r[1];
                    t.shareId = (UUID) r[2];
                    t.createdAt = offset(r[3]);
                    t.expiresAt = offset(r[4]);
                    t.claimedAt = offset(r[5]);
                    t.claimerAddress = (String) r[6];
                    t.claimerAgent = (String) r[7];
                    return t;
                });
    }

    private static OffsetDateTime offset(Object value) {
        if (value == null || value instanceof OffsetDateTime) {
            return (OffsetDateTime) value;
        }
        if (value instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime l) {
            return l.atOffset(ZoneOffset.UTC);
        }
        return ((Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }

    /**
     * Serialises issuing and revoking for one share until the transaction ends, so that a ticket is
     * either issued before a revocation (and dropped by it) or refused after it, never slipped between.
     */
    public Uni<Void> lockShare(UUID shareId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(?1, 0))", Integer.class)
                        .setParameter(1, shareId.toString())
                        .getSingleResult())
                .replaceWithVoid();
    }

    public Uni<Boolean> isRevoked(UUID shareId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "SELECT count(*) FROM transfer_revocation WHERE share_id = ?1", Long.class)
                        .setParameter(1, shareId)
                        .getSingleResult())
                .map(n -> n > 0);
    }

    public Uni<Integer> markRevoked(UUID shareId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO transfer_revocation (share_id, revoked_at) VALUES (?1, now()) ON CONFLICT DO NOTHING")
                .setParameter(1, shareId)
                .executeUpdate());
    }

    public Uni<Long> deleteOfShare(UUID shareId) {
        return delete("shareId", shareId);
    }

    /**
     * A share's new expiry (null: none) applied to its tickets: each ends at the earlier of its own
     * lifetime from issue and the share's expiry, whether that moved earlier or later.
     */
    public Uni<Integer> followShareExpiry(UUID shareId, OffsetDateTime shareExpiresAt, Duration lifetime) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "UPDATE transfer_ticket SET expires_at = LEAST(created_at + make_interval(secs => ?2), "
                                + "COALESCE(?3, 'infinity'::timestamptz)) WHERE share_id = ?1")
                .setParameter(1, shareId)
                .setParameter(2, (double) lifetime.toSeconds())
                .setParameter(3, shareExpiresAt)
                .executeUpdate());
    }

    /** Tickets that expired before {@code cutoff}; kept a while after expiry to answer 410 rather than 404. */
    public Uni<Long> deleteExpiredBefore(OffsetDateTime cutoff) {
        return delete("expiresAt < ?1", cutoff);
    }

    public Uni<Integer> deleteRevocationsBefore(OffsetDateTime cutoff) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("DELETE FROM transfer_revocation WHERE revoked_at < ?1")
                        .setParameter(1, cutoff)
                        .executeUpdate());
    }
}
