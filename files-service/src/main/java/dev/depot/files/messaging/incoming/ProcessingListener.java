package dev.depot.files.messaging.incoming;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.events.routing.EventRoutes;
import dev.depot.events.routing.TypedEvent;
import dev.depot.files.service.ProcessingResultService;
import dev.depot.messaging.Inbox;
import dev.depot.messaging.InboxListener;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Records what processing-worker made of a file's content, from its events. */
@ApplicationScoped
public class ProcessingListener {

    private final InboxListener events;

    public ProcessingListener(Inbox inbox, ProcessingResultService results) {
        this.events = inbox.listener(
                "processing",
                new EventRoutes<Uni<Void>>()
                        .on(
                                List.of(
                                        EventTypes.PROCESSING_STARTED,
                                        EventTypes.PROCESSING_COMPLETED,
                                        EventTypes.PROCESSING_FAILED),
                                ProcessingPayload.class,
                                result -> results.record(result.type(), named(result))));
    }

    @Incoming("processing-events")
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        return events.accept(json);
    }

    /** The result an event carries; an event naming no file is refused (and, in its transaction, not recorded). */
    private static ProcessingPayload named(TypedEvent<ProcessingPayload> result) {
        if (result.data().fileId() == null) {
            throw new IllegalArgumentException(result.type() + " " + result.id() + " names no file");
        }
        return result.data();
    }
}
