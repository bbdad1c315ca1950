package dev.depot.analytics.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The deliveries waiting to be sent. A pass claims due ones by leasing them (moving their next attempt
 * past the lease), so that several instances never send the same one at once and a crash mid-send only
 * delays it.
 */
@ApplicationScoped
public class DeliveryQueue {

    private final Pool pool;

    public DeliveryQueue(Pool pool) {
        this.pool = pool;
    }

    /** A delivery claimed for an attempt; {@code attempt} counts this one. */
    public record Claimed(
            UUID id, UUID webhookId, String eventType, String payload, int attempt, String url, String secret) {}

    public Uni<List<Claimed>> claimDue(int limit, Duration lease) {
        return pool.preparedQuery("UPDATE webhook_delivery d SET attempts = d.attempts + 1, last_attempt_at = now(), "
                        + "next_attempt_at = now() + $2::bigint * interval '1 millisecond' FROM webhook w "
                        + "WHERE w.id = d.webhook_id AND d.id IN (SELECT q.id FROM webhook_delivery q JOIN webhook a ON a.id = q.webhook_id "
                        + "WHERE q.status = 'pending' AND q.next_attempt_at <= now() AND a.active "
                        + "ORDER BY q.next_attempt_at LIMIT $1 FOR UPDATE OF q SKIP LOCKED) "
                        + "RETURNING d.id, d.webhook_id, d.event_type, d.payload, d.attempts, w.url, w.secret")
                .execute(Tuple.of(limit, lease.toMillis()))
                .map(rows -> WebhookRepository.list(
                        rows.iterator(),
                        r -> new Claimed(
                                r.getUUID("id"),
                                r.getUUID("webhook_id"),
                                r.getString("event_type"),
                                r.getString("payload"),
                                r.getInteger("attempts"),
                                r.getString("url"),
                                r.getString("secret"))));
    }

    public Uni<Void> succeeded(Claimed d, int status) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "UPDATE webhook_delivery SET status = 'succeeded', "
                                        + "response_status = $2, error = NULL, delivered_at = now(), next_attempt_at = NULL WHERE id = $1")
                        .execute(Tuple.of(d.id(), status))
                        .chain(() -> conn.preparedQuery(
                                        "UPDATE webhook SET consecutive_failures = 0, last_delivery_at = now(), "
                                                + "last_success_at = now() WHERE id = $1")
                                .execute(Tuple.of(d.webhookId()))))
                .replaceWithVoid();
    }

    /**
     * Records a failed attempt: the delivery waits {@code retryIn} for the next one, or fails for good after
     * {@code maxAttempts}; the webhook is disabled after {@code disableAfter} failed attempts in a row, and
     * its pending deliveries fail with it. Answers whether this failure disabled it.
     */
    public Uni<Boolean> failed(
            Claimed d, Integer status, String error, Duration retryIn, int maxAttempts, int disableAfter) {
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE webhook_delivery SET "
                        + "status = CASE WHEN attempts >= $2 THEN 'failed' ELSE 'pending' END, "
                        + "next_attempt_at = CASE WHEN attempts >= $2 THEN NULL ELSE now() + $3::bigint * interval '1 millisecond' END, "
                        + "response_status = $4, error = $5 WHERE id = $1")
                .execute(Tuple.from(java.util.Arrays.asList(d.id(), maxAttempts, retryIn.toMillis(), status, error)))
                .chain(() -> conn.preparedQuery("UPDATE webhook SET consecutive_failures = consecutive_failures + 1, "
                                + "last_delivery_at = now(), "
                                + "disabled_at = CASE WHEN active AND consecutive_failures + 1 >= $2 THEN now() ELSE disabled_at END, "
                                + "disabled_reason = CASE WHEN active AND consecutive_failures + 1 >= $2 THEN $3 ELSE disabled_reason END, "
                                + "active = active AND consecutive_failures + 1 < $2 "
                                + "WHERE id = $1 RETURNING active, disabled_at")
                        .execute(Tuple.of(
                                d.webhookId(),
                                disableAfter,
                                "disabled after " + disableAfter + " failed attempts in a row")))
                .chain(rows -> {
                    boolean disabledNow =
                            rows.iterator().hasNext() && !rows.iterator().next().getBoolean("active");
                    if (!disabledNow) {
                        return Uni.createFrom().item(false);
                    }
                    return conn.preparedQuery(
                                    "UPDATE webhook_delivery SET status = 'failed', next_attempt_at = NULL, "
                                            + "error = coalesce(error, 'webhook disabled') WHERE webhook_id = $1 AND status = 'pending'")
                            .execute(Tuple.of(d.webhookId()))
                            .replaceWith(true);
                }));
    }
}
