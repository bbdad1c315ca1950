package dev.depot.analytics;

import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One event on its way to one webhook: pending, then succeeded or failed. */
public record WebhookDelivery(
        UUID id,
        UUID webhookId,
        UUID eventId,
        String eventType,
        String status,
        int attempts,
        Integer responseStatus,
        String error,
        OffsetDateTime createdAt,
        OffsetDateTime lastAttemptAt,
        OffsetDateTime nextAttemptAt,
        OffsetDateTime deliveredAt) {

    public static final String COLUMNS =
            "id, webhook_id, event_id, event_type, status, attempts, response_status, error, "
                    + "created_at, last_attempt_at, next_attempt_at, delivered_at";

    public static WebhookDelivery of(Row r) {
        return new WebhookDelivery(
                r.getUUID("id"),
                r.getUUID("webhook_id"),
                r.getUUID("event_id"),
                r.getString("event_type"),
                r.getString("status"),
                r.getInteger("attempts"),
                r.getInteger("response_status"),
                r.getString("error"),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("last_attempt_at"),
                r.getOffsetDateTime("next_attempt_at"),
                r.getOffsetDateTime("delivered_at"));
    }
}
