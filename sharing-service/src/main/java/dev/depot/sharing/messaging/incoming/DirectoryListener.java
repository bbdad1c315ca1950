package dev.depot.sharing.messaging.incoming;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.UserPayload;
import dev.depot.events.routing.EventRoutes;
import dev.depot.messaging.Inbox;
import dev.depot.messaging.InboxListener;
import dev.depot.sharing.service.UserDirectoryService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Learns users from auth-service's events, so shares can name them by username or email. */
@ApplicationScoped
public class DirectoryListener {

    private final InboxListener events;

    public DirectoryListener(Inbox inbox, UserDirectoryService directory) {
        // A sign-in carries the same data: users known from before a field was added fill in with it.
        this.events = inbox.listener(
                "directory",
                new EventRoutes<Uni<Void>>()
                        .on(
                                List.of(EventTypes.USER_REGISTERED, EventTypes.USER_LOGGED_IN),
                                UserPayload.class,
                                user -> directory.learn(user.data())));
    }

    @Incoming("auth-events")
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        return events.accept(json);
    }
}
