package dev.depot.analytics.repository;

import dev.depot.analytics.Webhook;
import dev.depot.analytics.WebhookDelivery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Webhooks and their deliveries; every query of a user's data names the owner. */
@ApplicationScoped
public class WebhookRepository {

    private final Pool pool;

    public WebhookRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Webhook> insert(
            UUID id,
            UUID owner,
            String url,
            List<String> eventTypes,
            String description,
            String secret,
            OffsetDateTime now) {
        return pool.preparedQuery(
                        "INSERT INTO webhook (id, owner_id, url, event_types, description, secret, active, created_at) "
                                + "VALUES ($1, $2, $3, $4, $5, $6, true, $7) RETURNING " + Webhook.COLUMNS)
                .execute(Tuple.from(java.util.Arrays.asList(
                        id, owner, url, eventTypes.toArray(String[]::new), description, secret, now)))
                .map(rows -> Webhook.of(rows.iterator().next()));
    }

    public Uni<Long> countOf(UUID owner) {
        return pool.preparedQuery("SELECT count(*) FROM webhook WHERE owner_id = $1")
                .execute(Tuple.of(owner))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<List<Webhook>> pageOf(UUID owner, int limit, long offset) {
        return pool.preparedQuery("SELECT " + Webhook.COLUMNS + " FROM webhook WHERE owner_id = $1 "
                        + "ORDER BY created_at DESC, id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(owner, limit, offset))
                .map(rows -> list(rows.iterator(), Webhook::of));
    }

    public Uni<Webhook> find(UUID owner, UUID id) {
        return pool.preparedQuery("SELECT " + Webhook.COLUMNS + " FROM webhook WHERE id = $1 AND owner_id = $2")
                .execute(Tuple.of(id, owner))
                .map(rows -> first(rows.iterator(), Webhook::of));
    }

    public Uni<Boolean> delete(UUID owner, UUID id) {
        return pool.preparedQuery("DELETE FROM webhook WHERE id = $1 AND owner_id = $2")
                .execute(Tuple.of(id, owner))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Long> countDeliveries(UUID webhook, String status) {
        return pool.preparedQuery(
                        "SELECT count(*) FROM webhook_delivery WHERE webhook_id = $1 AND ($2::text IS NULL OR status = $2)")
                .execute(Tuple.of(webhook, status))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<List<WebhookDelivery>> deliveries(UUID webhook, String status, int limit, long offset) {
        return pool.preparedQuery(
                        "SELECT " + WebhookDelivery.COLUMNS + " FROM webhook_delivery "
                                + "WHERE webhook_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id LIMIT $3 OFFSET $4")
                .execute(Tuple.of(webhook, status, limit, offset))
                .map(rows -> list(rows.iterator(), WebhookDelivery::of));
    }

    static <T> List<T> list(RowIterator<Row> it, java.util.function.Function<Row, T> mapper) {
        List<T> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(mapper.apply(it.next()));
        }
        return out;
    }

    static <T> T first(RowIterator<Row> it, java.util.function.Function<Row, T> mapper) {
        return it.hasNext() ? mapper.apply(it.next()) : null;
    }
}
