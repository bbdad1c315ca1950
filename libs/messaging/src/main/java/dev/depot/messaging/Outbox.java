package dev.depot.messaging;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Appends events to the outbox in the caller's transaction: the event exists if and only if
 * the change it describes was committed. {@link OutboxRelay} publishes it afterwards.
 *
 * <p>An event for a public domain topic is written twice: whole to the domain's internal topic, which only
 * Depot's services read, and without its personal data to the public one ({@link CloudEvent#forPublicTopic}).
 * Both copies share the event's id, so a consumer of either deduplicates the same way.
 */
@ApplicationScoped
public class Outbox {

    public Uni<Void> append(String topic, CloudEvent event) {
        return insert(copies(topic, event));
    }

    /** The rows an event becomes, as (topic, event): the whole event first when the topic has an internal twin. */
    static List<Map.Entry<String, CloudEvent>> copies(String topic, CloudEvent event) {
        String internal = Topics.internalOf(topic);
        return internal == null
                ? List.of(Map.entry(topic, event))
                : List.of(Map.entry(internal, event), Map.entry(topic, event.forPublicTopic()));
    }

    /** The VALUES list for {@code rows} rows of (id, topic, event_key, payload), numbered as the parameters are. */
    static String values(int rows) {
        StringJoiner values = new StringJoiner(", ");
        for (int i = 0; i < rows; i++) {
            int p = i * 4;
            values.add("(?" + (p + 1) + ", ?" + (p + 2) + ", ?" + (p + 3) + ", ?" + (p + 4) + ")");
        }
        return values.toString();
    }

    /** One statement for both copies: every change pays one round trip for its event, not two. */
    private Uni<Void> insert(List<Map.Entry<String, CloudEvent>> rows) {
        return Panache.currentTransaction()
                .chain(tx -> {
                    if (tx == null) {
                        return Uni.createFrom()
                                .failure(
                                        new IllegalStateException(
                                                "an outbox event must be written inside the transaction of the change it describes"));
                    }
                    return Panache.getSession().chain(session -> {
                        var query = session.createNativeQuery(
                                "INSERT INTO outbox_event (id, topic, event_key, payload) VALUES "
                                        + values(rows.size()));
                        for (int i = 0; i < rows.size(); i++) {
                            CloudEvent event = rows.get(i).getValue();
                            query.setParameter(i * 4 + 1, event.id())
                                    .setParameter(i * 4 + 2, rows.get(i).getKey())
                                    .setParameter(i * 4 + 3, event.subject())
                                    .setParameter(i * 4 + 4, EventCodec.write(event));
                        }
                        return query.executeUpdate();
                    });
                })
                .replaceWithVoid();
    }
}
