package dev.depot.events.routing;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.contract.EventCatalog;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The event types one consumer handles, each with a handler that takes the type's payload record: the one
 * place a record's value becomes a typed event. The payload a type is routed with must be the one the
 * {@link EventCatalog} says it carries, so a consumer cannot read a type as something it is not.
 *
 * <p>What a consumer does not route is not its business and is passed over; what is not an event at all,
 * or whose data does not fit its type, is refused with an {@link IllegalArgumentException} (the channel then
 * sets the record apart on its dead-letter topic).
 *
 * @param <R> what a handler answers (a {@code Uni<Void>} for reactive consumers)
 */
public final class EventRoutes<R> {

    private final Map<String, Route<?, R>> routes = new HashMap<>();

    /** Routes {@code type} to {@code handler}, with its data read as {@code payload}. */
    public <T extends Record> EventRoutes<R> on(String type, Class<T> payload, Function<TypedEvent<T>, R> handler) {
        Class<?> carried = EventCatalog.current(type)
                .map(EventCatalog.Entry::payload)
                .orElseThrow(() -> new IllegalArgumentException(type + " is not an event type of the catalog"));
        if (!carried.equals(payload)) {
            throw new IllegalArgumentException(
                    type + " carries " + carried.getSimpleName() + ", not " + payload.getSimpleName());
        }
        if (routes.putIfAbsent(type, new Route<>(payload, handler)) != null) {
            throw new IllegalArgumentException(type + " is routed twice");
        }
        return this;
    }

    /** The same handler for several types that carry the same payload. */
    public <T extends Record> EventRoutes<R> on(
            Collection<String> types, Class<T> payload, Function<TypedEvent<T>, R> handler) {
        types.forEach(type -> on(type, payload, handler));
        return this;
    }

    /**
     * Reads a record's value and types its data, without handling it yet (a consumer may first check it has
     * not applied the event already). Empty for an event of a type not routed here, a typeless one included.
     *
     * @throws IllegalArgumentException when the value is not a CloudEvent or its data does not fit its type
     */
    public Optional<Routed<R>> route(String json) {
        CloudEvent event = EventCodec.read(json);
        Route<?, R> route = event.type() == null ? null : routes.get(event.type());
        return route == null ? Optional.empty() : Optional.of(route.bind(event));
    }

    /** Routes and handles at once, for a consumer with nothing to check in between; empty when not routed. */
    public Optional<R> handle(String json) {
        return route(json).map(Routed::handle);
    }

    /** An event read, typed and matched with its handler, not handled yet. */
    public static final class Routed<R> {

        private final CloudEvent event;
        private final Supplier<R> handler;

        private Routed(CloudEvent event, Supplier<R> handler) {
            this.event = event;
            this.handler = handler;
        }

        public CloudEvent event() {
            return event;
        }

        public R handle() {
            return handler.get();
        }
    }

    private record Route<T, R>(Class<T> payload, Function<TypedEvent<T>, R> handler) {

        Routed<R> bind(CloudEvent event) {
            TypedEvent<T> typed = new TypedEvent<>(event, EventCodec.data(event, payload));
            return new Routed<>(event, () -> handler.apply(typed));
        }
    }
}
