package dev.depot.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.contract.EventCatalog.Entry;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.SharePayload;
import dev.depot.events.payload.UserPayload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCatalogTest {

    @Test
    void everyExampleRoundTripsThroughEventCodecIntoItsRecord() {
        for (Entry entry : EventCatalog.entries()) {
            CloudEvent event = CloudEvent.of(
                    "depot/test",
                    entry.type(),
                    entry.key().example().toString(),
                    EventCatalog.USER,
                    EventCodec.toData(entry.example()));
            CloudEvent read = EventCodec.read(EventCodec.write(event));
            // Compared as written: numbers read back as the smallest node that holds them.
            assertThat(EventCodec.write(read)).as(entry.type()).isEqualTo(EventCodec.write(event));
            assertThat(EventCodec.data(read, entry.payload())).as(entry.type()).isEqualTo(entry.example());
        }
    }

    @Test
    void eachSchemaNamesExactlyTheFieldsEventCodecWrites() {
        for (Entry entry : EventCatalog.entries()) {
            JsonNode written = EventCodec.toData(entry.example());
            Set<String> fields = new HashSet<>();
            written.fieldNames().forEachRemaining(fields::add);
            ObjectNode schema = JsonSchemas.of(entry.payload(), Set.of());
            Set<String> properties = new HashSet<>();
            schema.path("properties").fieldNames().forEachRemaining(properties::add);
            assertThat(properties).as(entry.payload().getSimpleName()).isEqualTo(fields);
            // What a producer writes fits the schema's types (a null only where the schema allows one).
            schema.path("properties").fields().forEachRemaining(p -> {
                JsonNode value = written.get(p.getKey());
                String type = p.getValue().path("type").isArray()
                        ? p.getValue().path("type").get(0).asText()
                        : p.getValue().path("type").asText();
                if (value.isNull()) {
                    assertThat(p.getValue().path("type").toString())
                            .as(p.getKey())
                            .contains("null");
                } else {
                    assertThat(jsonType(value))
                            .as(entry.type() + " " + p.getKey())
                            .isEqualTo(type);
                }
            });
        }
    }

    @Test
    void theSchemaFollowsTheRecordsTypes() {
        ObjectNode file = JsonSchemas.of(FilePayload.class, Set.of());
        assertThat(file.at("/properties/file_id/type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(file.at("/properties/file_id/format").asText()).isEqualTo("uuid");
        assertThat(file.at("/properties/file_size/type").asText()).isEqualTo("integer");
        assertThat(file.at("/properties/starred/type").asText()).isEqualTo("boolean");
        assertThat(file.at("/properties/cdn_url/type").toString()).isEqualTo("[\"string\",\"null\"]");
        List<String> required = new ArrayList<>();
        file.path("required").forEach(r -> required.add(r.asText()));
        assertThat(required).containsExactly("file_size", "starred");

        ObjectNode share = JsonSchemas.of(SharePayload.class, Set.of());
        assertThat(share.at("/properties/expires_at/format").asText()).isEqualTo("date-time");
        assertThat(share.at("/properties/is_public/type").asText()).isEqualTo("boolean");

        assertThat(JsonSchemas.of(UserPayload.class, Set.of("email"))
                        .path("properties")
                        .has("email"))
                .isFalse();
    }

    @Test
    void eachTypeAndVersionIsListedOnceOnOnePublicDomainTopic() {
        Set<String> seen = new HashSet<>();
        Set<String> topics = Set.of(Topics.AUTH, Topics.FILES, Topics.SHARES, Topics.PROCESSING);
        for (Entry entry : EventCatalog.entries()) {
            assertThat(seen.add(entry.type() + " v" + entry.version()))
                    .as(entry.type())
                    .isTrue();
            assertThat(topics).contains(entry.topic());
            assertThat(EventCatalog.entries().stream()
                            .filter(e -> e.type().equals(entry.type()))
                            .map(Entry::topic)
                            .distinct())
                    .hasSize(1);
            assertThat(entry.version()).isPositive();
            assertThat(entry.description()).isNotBlank().doesNotContain("\n");
        }
    }

    @Test
    void aNewEventNamesItsTypesCurrentVersionAndEveryCopyOfItKeepsIt() {
        UUID user = UUID.randomUUID();
        CloudEvent event = CloudEvent.of(
                "depot/test",
                EventTypes.USER_REGISTERED,
                user.toString(),
                user,
                EventCodec.toData(new UserPayload(user, "ada", "ada@example.com", "password", 1L)));
        assertThat(event.dataschema()).isEqualTo("urn:depot:event:user.registered:v1");
        assertThat(EventCodec.write(event)).contains("\"dataschema\":\"urn:depot:event:user.registered:v1\"");
        assertThat(event.withClient("198.51.100.1", "curl/8")
                        .withTrace(null)
                        .withId(UUID.randomUUID())
                        .forPublicTopic()
                        .dataschema())
                .isEqualTo(event.dataschema());

        assertThat(CloudEvent.of("depot/test", "nothing.known", "s", null, null).dataschema())
                .isNull();
        assertThat(EventCodec.write(CloudEvent.of("depot/test", "nothing.known", "s", null, null)))
                .doesNotContain("dataschema");
        CloudEvent older = new CloudEvent(
                CloudEvent.SPEC_VERSION,
                UUID.randomUUID(),
                "s",
                EventTypes.FILE_UPLOADED,
                "x",
                null,
                "application/json",
                null,
                null,
                null,
                null);
        assertThat(older.dataschema()).isNull();
        assertThat(EventCodec.read(EventCodec.write(older))).isEqualTo(older);
    }

    private static String jsonType(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isNumber()) {
            return "number";
        }
        return value.getNodeType().name().toLowerCase();
    }
}
