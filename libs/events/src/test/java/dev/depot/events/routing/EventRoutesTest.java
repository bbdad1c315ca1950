package dev.depot.events.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.UserPayload;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a record's value becomes a typed event, is passed over, or is refused. */
class EventRoutesTest {

    private static final UUID USER = UUID.randomUUID();

    private final EventRoutes<String> routes = new EventRoutes<String>()
            .on(
                    List.of(EventTypes.USER_REGISTERED, EventTypes.USER_LOGGED_IN),
                    UserPayload.class,
                    e -> e.type() + ":" + e.data().username());

    private static String user(String type, String name) {
        return EventCodec.write(CloudEvent.of(
                "depot/test",
                type,
                USER.toString(),
                USER,
                EventCodec.toData(new UserPayload(USER, name, name + "@example.com", "password", 10L))));
    }

    @Test
    void aRoutedTypeReachesItsHandlerWithItsPayloadRecord() {
        assertThat(routes.handle(user(EventTypes.USER_REGISTERED, "ada"))).contains("user.registered:ada");
        assertThat(routes.handle(user(EventTypes.USER_LOGGED_IN, "bob"))).contains("user.logged_in:bob");
    }

    @Test
    void routingReadsAndTypesTheEventButLeavesHandlingToTheCaller() {
        StringBuilder handled = new StringBuilder();
        EventRoutes<Void> counting = new EventRoutes<Void>().on(EventTypes.USER_REGISTERED, UserPayload.class, e -> {
            handled.append(e.data().username());
            return null;
        });
        String json = user(EventTypes.USER_REGISTERED, "ada");
        EventRoutes.Routed<Void> routed = counting.route(json).orElseThrow();
        assertThat(routed.event()).isEqualTo(EventCodec.read(json));
        assertThat(handled).isEmpty();
        routed.handle();
        assertThat(handled).hasToString("ada");
    }

    @Test
    void typesNotRoutedHereAndTypelessEventsArePassedOver() {
        assertThat(routes.route(EventCodec.write(CloudEvent.of(
                        "depot/test",
                        EventTypes.FILE_UPLOADED,
                        "f",
                        USER,
                        EventCodec.toData(
                                new FilePayload(USER, USER, "a", null, 1, "text/plain", "documents", "x", false))))))
                .isEmpty();
        assertThat(routes.route("{\"specversion\":\"1.0\",\"id\":\"" + USER + "\"}"))
                .isEmpty();
    }

    @Test
    void whatIsNotAnEventOrWhoseDataDoesNotFitIsRefused() {
        assertThatThrownBy(() -> routes.route("not json")).isInstanceOf(IllegalArgumentException.class);
        String wrongData = "{\"specversion\":\"1.0\",\"id\":\"" + USER + "\",\"type\":\"user.registered\","
                + "\"data\":{\"user_id\":\"not-a-uuid\"}}";
        assertThatThrownBy(() -> routes.route(wrongData)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTypeCanOnlyBeRoutedWithThePayloadTheCatalogGivesItAndOnlyOnce() {
        assertThatThrownBy(() -> new EventRoutes<String>().on(EventTypes.FILE_UPLOADED, UserPayload.class, e -> ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FilePayload");
        assertThatThrownBy(() -> new EventRoutes<String>().on("no.such_type", UserPayload.class, e -> ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> routes.on(EventTypes.USER_LOGGED_IN, UserPayload.class, e -> ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }
}
