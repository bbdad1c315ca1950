package dev.depot.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.UserPayload;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void anEventSurvivesTheRoundTripWithItsPayload() {
        UUID user = UUID.randomUUID();
        CloudEvent event = CloudEvent.of(
                        "depot/test",
                        EventTypes.USER_REGISTERED,
                        user.toString(),
                        user,
                        EventCodec.toData(new UserPayload(user, "ada", "ada@example.com", "password", 5368709120L)))
                .withClient("198.51.100.1", "curl/8")
                .withTrace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        String json = EventCodec.write(event);

        assertThat(json)
                .contains("\"specversion\":\"1.0\"")
                .contains("\"user_id\":\"" + user + "\"")
                .doesNotContain("userId");
        CloudEvent read = EventCodec.read(json);
        assertThat(read).isEqualTo(event);
        assertThat(EventCodec.data(read, UserPayload.class).username()).isEqualTo("ada");
    }

    @Test
    void onlyAWellFormedTraceContextIsCarried() {
        CloudEvent event = CloudEvent.of("depot/test", "x", "s", null, null);
        assertThat(event.withTrace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                        .traceparent())
                .isNotNull();
        assertThat(event.withTrace("00-XYZ-00f067aa0ba902b7-01").traceparent()).isNull();
        assertThat(event.withTrace(null).traceparent()).isNull();
        assertThat(EventCodec.write(event)).doesNotContain("traceparent");
    }

    @Test
    void fieldsItDoesNotKnowAreIgnoredSoProducersCanAddThem() {
        UUID id = UUID.randomUUID();
        CloudEvent read = EventCodec.read("{\"specversion\":\"1.0\",\"id\":\"" + id
                + "\",\"type\":\"file.uploaded\",\"source\":\"x\",\"subject\":\"s\",\"newattribute\":1}");
        assertThat(read.id()).isEqualTo(id);
    }

    @Test
    void aFilePayloadCarriesItsCdnUrlAndReadsAsNullFromProducersThatDoNotSendIt() {
        UUID id = UUID.randomUUID();
        FilePayload registered = new FilePayload(
                id, id, "a.png", null, 3, "image/png", "images", "ab", false, "https://cdn.example.com/a.png");
        CloudEvent event = CloudEvent.of(
                "depot/test", EventTypes.FILE_REGISTERED, id.toString(), id, EventCodec.toData(registered));
        assertThat(EventCodec.write(event)).contains("\"cdn_url\":\"https://cdn.example.com/a.png\"");
        assertThat(EventCodec.data(EventCodec.read(EventCodec.write(event)), FilePayload.class))
                .isEqualTo(registered);

        ((com.fasterxml.jackson.databind.node.ObjectNode) event.data()).remove("cdn_url");
        FilePayload older = EventCodec.data(event, FilePayload.class);
        assertThat(older.cdnUrl()).isNull();
        assertThat(older.filename()).isEqualTo("a.png");
    }

    @Test
    void somethingThatIsNotAnEventIsRefusedClearly() {
        assertThatThrownBy(() -> EventCodec.read("{nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CloudEvent");
    }
}
