package dev.depot.messaging;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

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
        String internal = Topics.internalOf(topic);
        if (internal == null) {
            return insert(topic, event);
        }
        return insert(internal, event).chain(() -> insert(topic, event.forPublicTopic()));
    }

    private Uni<Void> insert(String topic, CloudEvent event) {
        return Panache.currentTransaction().chain(tx -> {
            if (tx == null) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "an outbox event must be written inside the transaction of the change it describes"));
            }
            return Panache.getSession().chain(session -> session.createNativeQuery(
                    "INSERT INTO outbox_event (id, topic, event_key, payload) VALUES (?1, ?2, ?3, ?4)")
                    .setParameter(1, event.id())
                    .setParameter(2, topic)
                    .setParameter(3, event.subject())
                    .setParameter(4, EventCodec.write(event))
                    .executeUpdate());
        }).replaceWithVoid();
    }
}
