package dev.depot.analytics.messaging;

import dev.depot.analytics.service.ActivityService;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Consumes every domain topic into the read models. A record that is not a CloudEvent goes to the dead-letter topic. */
@ApplicationScoped
public class DomainEventListener {

    private static final Logger LOG = Logger.getLogger(DomainEventListener.class);

    private final ActivityService activity;

    public DomainEventListener(ActivityService activity) {
        this.activity = activity;
    }

    @Incoming("domain-events")
    public Uni<Void> onEvent(String json) {
        CloudEvent event = EventCodec.read(json);
        return activity.record(event)
                .invoke(applied -> LOG.debugf("%s %s %s", event.type(), event.id(), applied ? "applied" : "skipped"))
                .replaceWithVoid();
    }
}
