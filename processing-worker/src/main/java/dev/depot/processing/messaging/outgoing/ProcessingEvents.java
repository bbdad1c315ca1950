package dev.depot.processing.messaging.outgoing;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.payload.ProcessingPayload;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes processing.* events to depot.processing, keyed by file, and waits for the broker's ack.
 * An event's id derives from the input event's, so a redelivered input gives the very same event and
 * consumers' inboxes apply it once.
 */
@ApplicationScoped
public class ProcessingEvents {

    static final String SOURCE = "depot/processing-worker";

    private final MutinyEmitter<String> out;

    public ProcessingEvents(@Channel("processing-out") MutinyEmitter<String> out) {
        this.out = out;
    }

    /** {@code cause} is the input event: its id makes this one's, its trace context is continued. */
    public void publish(String type, CloudEvent cause, ProcessingPayload payload) {
        UUID id = UUID.nameUUIDFromBytes((cause.id() + "|" + type).getBytes(StandardCharsets.UTF_8));
        CloudEvent event = CloudEvent.of(
                        SOURCE, type, payload.fileId().toString(), payload.ownerId(), EventCodec.toData(payload))
                .withId(id)
                .withTrace(cause.traceparent());
        out.sendMessageAndAwait(Message.of(EventCodec.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(payload.fileId().toString())
                        .build()));
    }
}
