package dev.depot.messaging;

import dev.depot.events.routing.EventRoutes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Makes a consumer idempotent: call {@link #firstDelivery} in the transaction that applies the
 * event; it records the event id there and answers false for an event already applied. Listeners use it
 * through {@link #listener}.
 */
@ApplicationScoped
public class Inbox implements InboxListener.Deliveries {

    /** A listener that applies each event it routes once, under the name {@code consumer}. */
    public InboxListener listener(String consumer, EventRoutes<Uni<Void>> routes) {
        return new InboxListener(consumer, routes, this);
    }

    @Override
    public Uni<Boolean> firstDelivery(String consumer, UUID eventId) {
        // A concurrent second delivery waits on the primary key until the first commits, then inserts nothing.
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "INSERT INTO inbox_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                        .setParameter(1, consumer)
                        .setParameter(2, eventId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
