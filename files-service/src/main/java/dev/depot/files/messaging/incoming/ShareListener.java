package dev.depot.files.messaging.incoming;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.SharePayload;
import dev.depot.events.routing.EventRoutes;
import dev.depot.events.routing.TypedEvent;
import dev.depot.files.service.ShareGrantService;
import dev.depot.messaging.Inbox;
import dev.depot.messaging.InboxListener;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps share grants (and public links' download tickets) in step with sharing-service's events. */
@ApplicationScoped
public class ShareListener {

    private final InboxListener events;

    public ShareListener(Inbox inbox, ShareGrantService grants) {
        this.events = inbox.listener(
                "share-grants",
                new EventRoutes<Uni<Void>>()
                        .on(
                                List.of(EventTypes.SHARE_CREATED, EventTypes.SHARE_UPDATED, EventTypes.SHARE_REVOKED),
                                SharePayload.class,
                                share -> grants.shareChanged(
                                        share.type(),
                                        named(share),
                                        share.event().time())));
    }

    @Incoming("share-events")
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        return events.accept(json);
    }

    /** The share an event is about; an event naming none is refused (and, in its transaction, not recorded). */
    private static SharePayload named(TypedEvent<SharePayload> share) {
        if (share.data().shareId() == null) {
            throw new IllegalArgumentException(share.type() + " " + share.id() + " names no share");
        }
        return share.data();
    }
}
