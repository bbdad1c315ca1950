package dev.depot.files.messaging.incoming;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.UserPayload;
import dev.depot.events.routing.EventRoutes;
import dev.depot.files.service.AccountSyncService;
import dev.depot.messaging.Inbox;
import dev.depot.messaging.InboxListener;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Learns each user's storage quota, name and email from auth-service's events. */
@ApplicationScoped
public class AccountListener {

    private final InboxListener events;

    public AccountListener(Inbox inbox, AccountSyncService accounts) {
        // A sign-in carries the same data: accounts known from before a field was added fill in with it.
        this.events = inbox.listener(
                "accounts",
                new EventRoutes<Uni<Void>>()
                        .on(
                                List.of(EventTypes.USER_REGISTERED, EventTypes.USER_LOGGED_IN),
                                UserPayload.class,
                                user -> accounts.learn(user.data())));
    }

    @Incoming("auth-events")
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        return events.accept(json);
    }
}
