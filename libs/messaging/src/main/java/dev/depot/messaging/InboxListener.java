package dev.depot.messaging;

import dev.depot.events.routing.EventRoutes;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.UUID;

/**
 * A consumer whose every event takes effect once: the record is read and typed first (an event of a
 * type it does not route is passed over and leaves no trace in the inbox), then its handler runs only on
 * the event's first delivery. Call it from a {@code @WithTransaction} listener method, so the inbox row
 * and the handler's effect commit together, and a failure anywhere leaves neither.
 *
 * <p>What is not an event, or whose data does not fit its type, is refused before the inbox is asked
 * (see {@link EventRoutes#route}).
 */
public final class InboxListener {

    /** Answers whether this is the first delivery of the event to the consumer, recording it if it is. */
    @FunctionalInterface
    public interface Deliveries {
        Uni<Boolean> firstDelivery(String consumer, UUID eventId);
    }

    private final String consumer;
    private final EventRoutes<Uni<Void>> routes;
    private final Deliveries deliveries;

    /** @param consumer the name the inbox keeps this consumer's applied events under; never change it */
    public InboxListener(String consumer, EventRoutes<Uni<Void>> routes, Deliveries deliveries) {
        this.consumer = consumer;
        this.routes = routes;
        this.deliveries = deliveries;
    }

    /** @throws IllegalArgumentException when the value is not an event or its data does not fit its type */
    public Uni<Void> accept(String json) {
        Optional<EventRoutes.Routed<Uni<Void>>> routed = routes.route(json);
        if (routed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        EventRoutes.Routed<Uni<Void>> event = routed.get();
        return deliveries
                .firstDelivery(consumer, event.event().id())
                .chain(first -> first ? event.handle() : Uni.createFrom().voidItem());
    }
}
