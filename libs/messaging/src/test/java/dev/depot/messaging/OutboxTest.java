package dev.depot.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.events.payload.UserPayload;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which rows an event becomes in the outbox, and the statement that writes them. */
class OutboxTest {

    private static final UUID USER = UUID.randomUUID();

    @Test
    void anEventOnAPublicDomainTopicGoesWholeToItsInternalTwinAndWithoutPersonalDataToThePublicOne() {
        CloudEvent event = CloudEvent.of(
                        "depot/auth-service",
                        EventTypes.USER_REGISTERED,
                        USER.toString(),
                        USER,
                        EventCodec.toData(new UserPayload(USER, "ada", "ada@example.com", "password", null)))
                .withClient("198.51.100.7", "curl/8");
        List<Map.Entry<String, CloudEvent>> rows = Outbox.copies(Topics.AUTH, event);

        assertThat(rows).extracting(Map.Entry::getKey).containsExactly(Topics.INTERNAL_AUTH, Topics.AUTH);
        assertThat(rows.get(0).getValue()).isEqualTo(event);
        CloudEvent published = rows.get(1).getValue();
        assertThat(published.id()).isEqualTo(event.id());
        assertThat(published.clientip()).isNull();
        assertThat(published.useragent()).isNull();
        assertThat(published.data().has("email")).isFalse();
        assertThat(published.data().get("username").asText()).isEqualTo("ada");
    }

    @Test
    void aTopicWithoutAnInternalTwinGetsTheEventOnce() {
        CloudEvent event = CloudEvent.of(
                "depot/processing-worker",
                EventTypes.PROCESSING_STARTED,
                USER.toString(),
                USER,
                EventCodec.toData(ProcessingPayload.of(USER, USER, null, "processing", null)));
        assertThat(Outbox.copies(Topics.PROCESSING, event)).containsExactly(Map.entry(Topics.PROCESSING, event));
    }

    @Test
    void everyCopyIsOneRowOfTheSameStatementWithItsOwnParameters() {
        assertThat(Outbox.values(1)).isEqualTo("(?1, ?2, ?3, ?4)");
        assertThat(Outbox.values(2)).isEqualTo("(?1, ?2, ?3, ?4), (?5, ?6, ?7, ?8)");
    }
}
