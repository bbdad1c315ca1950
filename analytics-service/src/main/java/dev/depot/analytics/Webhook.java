package dev.depot.analytics;

import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A user's subscription of a URL to event types. The secret signs each delivery. */
public record Webhook(
        UUID id,
        UUID ownerId,
        String url,
        List<String> eventTypes,
        String description,
        String secret,
        boolean active,
        int consecutiveFailures,
        OffsetDateTime disabledAt,
        String disabledReason,
        OffsetDateTime lastDeliveryAt,
        OffsetDateTime lastSuccessAt,
        OffsetDateTime createdAt) {

    public static final String COLUMNS =
            "id, owner_id, url, event_types, description, secret, active, consecutive_failures, "
                    + "disabled_at, disabled_reason, last_delivery_at, last_success_at, created_at";

    public static Webhook of(Row r) {
        return new Webhook(
                r.getUUID("id"),
                r.getUUID("owner_id"),
                r.getString("url"),
                List.of(r.getArrayOfStrings("event_types")),
                r.getString("description"),
                r.getString("secret"),
                r.getBoolean("active"),
                r.getInteger("consecutive_failures"),
                r.getOffsetDateTime("disabled_at"),
                r.getString("disabled_reason"),
                r.getOffsetDateTime("last_delivery_at"),
                r.getOffsetDateTime("last_success_at"),
                r.getOffsetDateTime("created_at"));
    }
}
