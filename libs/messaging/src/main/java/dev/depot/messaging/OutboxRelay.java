package dev.depot.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and deletes them once acknowledged.
 *
 * Uses the plain reactive SQL client rather than a Hibernate session, so that waiting for Kafka
 * never happens inside an ORM transaction (quarkusio/quarkus#18450). A transaction-scoped advisory
 * lock lets one replica relay at a time, which keeps each resource's events in order. A crash
 * between the Kafka ack and the delete publishes the batch again: delivery is at least once and
 * consumers deduplicate by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    static final String CHANNEL = "depot-outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x6465706f74L; // "depot"
    private static final int BATCH = 100;

    private final Pool pool;
    private final MutinyEmitter<String> emitter;

    public OutboxRelay(Pool pool, @Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.pool = pool;
        this.emitter = emitter;
    }

    /** One pass, run by {@link OutboxRelayTimer}; failures leave the events queued for the next pass. */
    Uni<Void> relay() {
        return publishPending()
                .onFailure()
                .invoke(e -> LOG.warnf("outbox relay: %s; the events stay queued", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Publishes up to one batch; answers how many events were published. */
    public Uni<Integer> publishPending() {
        return pool.withTransaction(conn -> conn.query("SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK + ")")
                .execute()
                .chain(rs -> rs.iterator().next().getBoolean(0)
                        ? publishBatch(conn)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishBatch(SqlConnection conn) {
        return conn.preparedQuery("SELECT seq, topic, event_key, payload FROM outbox_event ORDER BY seq LIMIT $1")
                .execute(Tuple.of(BATCH))
                .chain(rows -> {
                    List<Pending> batch = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        batch.add(new Pending(
                                row.getLong("seq"),
                                row.getString("topic"),
                                row.getString("event_key"),
                                row.getString("payload")));
                    }
                    return publishInOrder(batch, this::send, seqs -> conn.preparedQuery(
                                    "DELETE FROM outbox_event WHERE seq = ANY($1)")
                            .execute(Tuple.of(seqs.toArray(new Long[0])))
                            .replaceWithVoid());
                });
    }

    /** An outbox row waiting to be published; {@code seq} orders the rows as they were committed. */
    record Pending(long seq, String topic, String key, String payload) {}

    /**
     * Publishes a batch, oldest first, and deletes it only once every event in it is acknowledged: a
     * send that fails deletes nothing, so the whole batch is published again on the next pass. Answers how
     * many events were published.
     */
    static Uni<Integer> publishInOrder(
            List<Pending> batch, Function<Pending, Uni<Void>> send, Function<List<Long>, Uni<Void>> deleteSent) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Uni<Void>> sends = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (Pending pending : batch) {
            seqs.add(pending.seq());
            sends.add(send.apply(pending));
        }
        // Sent in order; the producer keeps that order per partition.
        return Uni.join()
                .all(sends)
                .andFailFast()
                .chain(() -> deleteSent.apply(seqs))
                .map(done -> seqs.size());
    }

    private Uni<Void> send(Pending pending) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(pending.topic())
                .withKey(pending.key())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(pending.payload()).addMetadata(metadata));
    }
}
