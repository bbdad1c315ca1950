package dev.depot.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FolderPayload;
import dev.depot.events.payload.UserPayload;
import dev.depot.events.routing.EventRoutes;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When a listener's handler runs: once per event and consumer, only for what it routes, never for bad input. */
class InboxListenerTest {

    /** The inbox table's decision (a primary key on consumer and event id), kept in memory. */
    private final Set<String> applied = new HashSet<>();

    private final List<String> asked = new ArrayList<>();
    private final InboxListener.Deliveries inbox = (consumer, eventId) -> {
        asked.add(consumer + "/" + eventId);
        return Uni.createFrom().item(applied.add(consumer + "/" + eventId));
    };
    private final List<String> handled = new ArrayList<>();

    private InboxListener listener(String consumer) {
        return new InboxListener(
                consumer,
                new EventRoutes<Uni<Void>>().on(EventTypes.USER_REGISTERED, UserPayload.class, e -> {
                    handled.add(consumer + ":" + e.data().username());
                    return Uni.createFrom().voidItem();
                }),
                inbox);
    }

    private static String registered(String name) {
        UUID id = UUID.randomUUID();
        return EventCodec.write(CloudEvent.of(
                "depot/auth-service",
                EventTypes.USER_REGISTERED,
                id.toString(),
                id,
                EventCodec.toData(new UserPayload(id, name, name + "@example.com", "password", null))));
    }

    @Test
    void aRedeliveredEventIsHandledOnce() {
        InboxListener accounts = listener("accounts");
        String event = registered("ada");
        accounts.accept(event).await().indefinitely();
        accounts.accept(event).await().indefinitely();
        accounts.accept(registered("bob")).await().indefinitely();
        assertThat(handled).containsExactly("accounts:ada", "accounts:bob");
    }

    @Test
    void eachConsumerAppliesTheSameEventOnceForItself() {
        String event = registered("ada");
        listener("accounts").accept(event).await().indefinitely();
        listener("directory").accept(event).await().indefinitely();
        listener("directory").accept(event).await().indefinitely();
        assertThat(handled).containsExactly("accounts:ada", "directory:ada");
    }

    @Test
    void anEventOfAnotherTypeIsPassedOverWithoutTouchingTheInbox() {
        UUID folder = UUID.randomUUID();
        listener("accounts")
                .accept(EventCodec.write(CloudEvent.of(
                        "depot/files-service",
                        EventTypes.FOLDER_CREATED,
                        folder.toString(),
                        folder,
                        EventCodec.toData(new FolderPayload(folder, folder, "a", null, "/a", null, null)))))
                .await()
                .indefinitely();
        assertThat(asked).isEmpty();
        assertThat(handled).isEmpty();
    }

    @Test
    void malformedInputIsRefusedBeforeTheInboxIsAsked() {
        InboxListener accounts = listener("accounts");
        assertThatThrownBy(() -> accounts.accept("{not json")).isInstanceOf(IllegalArgumentException.class);
        String badData = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                + "\",\"type\":\"user.registered\",\"data\":{\"user_id\":42.5}}";
        assertThatThrownBy(() -> accounts.accept(badData)).isInstanceOf(IllegalArgumentException.class);
        assertThat(asked).isEmpty();
    }

    @Test
    void aHandlerThatFailsFailsTheDelivery() {
        InboxListener failing = new InboxListener(
                "failing",
                new EventRoutes<Uni<Void>>().on(EventTypes.USER_REGISTERED, UserPayload.class, e -> Uni.createFrom()
                        .failure(new IllegalStateException("refused"))),
                inbox);
        assertThatThrownBy(() -> failing.accept(registered("ada")).await().indefinitely())
                .hasMessageContaining("refused");
    }
}
