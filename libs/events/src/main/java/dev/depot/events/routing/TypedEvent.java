package dev.depot.events.routing;

import dev.depot.events.CloudEvent;
import java.util.UUID;

/**
 * An event read from a topic with its data as the payload record its type carries.
 *
 * @param event the envelope (id, type, time, trace context...)
 * @param data  the envelope's {@code data}, read as the payload record {@link EventRoutes} routed it with
 */
public record TypedEvent<T>(CloudEvent event, T data) {

    public UUID id() {
        return event.id();
    }

    public String type() {
        return event.type();
    }
}
