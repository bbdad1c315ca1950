package dev.depot.sharing.messaging;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.UserPayload;
import dev.depot.messaging.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Learns users from auth-service's events, so shares can name them by username or email. */
@ApplicationScoped
public class DirectoryListener {

    private final Inbox inbox;

    public DirectoryListener(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("auth-events")
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        CloudEvent event = EventCodec.read(json);
        // A sign-in carries the same data: users known from before a field was added fill in with it.
        if (!EventTypes.USER_REGISTERED.equals(event.type()) && !EventTypes.USER_LOGGED_IN.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        UserPayload user = EventCodec.data(event, UserPayload.class);
        return inbox.firstDelivery("directory", event.id()).chain(first -> !first ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO known_user (id, username, email, display_name, avatar_url) VALUES (?1, ?2, ?3, ?4, ?5)"
                                + " ON CONFLICT (id) DO UPDATE SET username = excluded.username, email = excluded.email,"
                                + " display_name = excluded.display_name, avatar_url = excluded.avatar_url")
                        .setParameter(1, user.userId()).setParameter(2, user.username()).setParameter(3, user.email())
                        .setParameter(4, user.displayName()).setParameter(5, user.avatarUrl())
                        .executeUpdate()).replaceWithVoid());
    }
}
