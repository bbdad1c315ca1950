package dev.depot.sharing.messaging.incoming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.UserPayload;
import dev.depot.sharing.KnownUser;
import dev.depot.sharing.repository.KnownUserRepository;
import dev.depot.testing.TestKafka;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Users arrive from auth-service's topic and can then be named by username or email, in any case. */
@QuarkusTest
class DirectoryListenerTest {

    @Inject
    KnownUserRepository users;

    @Test
    void aRegisteredUserCanBeFoundByUsernameOrEmailEvenWhenDeliveredTwice() throws Throwable {
        UUID id = UUID.randomUUID();
        String name = "Dana" + id.toString().substring(0, 6);
        String event = EventCodec.write(CloudEvent.of(
                "depot/auth-service",
                EventTypes.USER_REGISTERED,
                id.toString(),
                id,
                EventCodec.toData(new UserPayload(id, name, name + "@Example.com", "password", null))));
        TestKafka.send(Topics.INTERNAL_AUTH, id.toString(), event);
        TestKafka.send(Topics.INTERNAL_AUTH, id.toString(), event);

        KnownUser found = null;
        for (int i = 0; i < 100 && found == null; i++) {
            Thread.sleep(100);
            found = find(name.toUpperCase());
        }
        assertThat(found).isNotNull();
        assertThat(found.id).isEqualTo(id);
        assertThat(find(name.toLowerCase() + "@example.COM").id).isEqualTo(id);
        assertThat(find("nobody-" + id)).isNull();
        long count = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> users.count("id", id)));
        assertThat(count).isEqualTo(1);
        assertThat(found.displayName).isNull();

        // A later sign-in tells the display name and picture of a user known from before they were sent.
        TestKafka.send(
                Topics.INTERNAL_AUTH,
                id.toString(),
                EventCodec.write(CloudEvent.of(
                        "depot/auth-service",
                        EventTypes.USER_LOGGED_IN,
                        id.toString(),
                        id,
                        EventCodec.toData(new UserPayload(
                                id,
                                name,
                                name + "@Example.com",
                                "password",
                                null,
                                "Dana D.",
                                "https://pics.example/dana.png")))));
        KnownUser updated = null;
        for (int i = 0; i < 100 && (updated == null || updated.displayName == null); i++) {
            Thread.sleep(100);
            updated = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> users.findById(id)));
        }
        assertThat(updated.displayName).isEqualTo("Dana D.");
        assertThat(updated.avatarUrl).isEqualTo("https://pics.example/dana.png");
    }

    private KnownUser find(String login) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> users.byLogin(login)));
    }
}
