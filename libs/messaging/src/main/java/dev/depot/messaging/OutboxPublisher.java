package dev.depot.messaging;

import dev.depot.common.web.ClientInfo;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import io.quarkus.arc.Arc;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Writes a domain's events to the outbox in the caller's transaction. Each domain's event writer keeps
 * only what is its own (which payload an entity becomes); building the envelope is done here, the same
 * way for every domain.
 */
@ApplicationScoped
public class OutboxPublisher {

    /**
     * Who publishes: the CloudEvents {@code source} its events carry and the public topic they go to.
     */
    public record Producer(String source, String topic) {}

    private final Outbox outbox;
    private final ClientInfo client;

    public OutboxPublisher(Outbox outbox, ClientInfo client) {
        this.outbox = outbox;
        this.client = client;
    }

    /**
     * An event of {@code type} about {@code subject} (its key), for the user {@code owner}.
     */
    public Uni<Void> publish(Producer producer, String type, UUID subject, UUID owner, Object payload) {
        CloudEvent event =
                CloudEvent.of(producer.source(), type, subject.toString(), owner, EventCodec.toData(payload));
        // Events caused by a request say where it came from; those from consumers or jobs do not.
        if (Arc.container().requestContext().isActive() && client.address() != null) {
            event = event.withClient(client.address(), client.userAgent()).withTrace(client.traceparent());
        }
        return outbox.append(producer.topic(), event);
    }
}
