package dev.depot.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncApiDocumentTest {

    static final String REGENERATE = "depot.events.regenerate";

    @Test
    void theCommittedDocumentIsTheOneTheCatalogGenerates() throws IOException {
        Path committed = repositoryRoot().resolve(AsyncApiDocument.COMMITTED);
        String generated = AsyncApiDocument.render();
        if (Boolean.getBoolean(REGENERATE)) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, generated, StandardCharsets.UTF_8);
            return;
        }
        assertThat(Files.exists(committed))
                .as(committed + " is missing: " + HOW_TO_REGENERATE)
                .isTrue();
        assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                .as(AsyncApiDocument.COMMITTED + " differs from what EventCatalog generates: " + HOW_TO_REGENERATE)
                .isEqualTo(generated);
    }

    private static final String HOW_TO_REGENERATE = "regenerate it with `mvn -o -pl libs/events test "
            + "-Dtest=AsyncApiDocumentTest -D" + REGENERATE + "=true` (or run "
            + "dev.depot.events.contract.AsyncApiDocument's main from the repository root), review the diff and "
            + "commit it";

    @Test
    void everyEventTypeIsInTheCatalog() throws IllegalAccessException {
        List<String> types = new ArrayList<>();
        for (Field f : EventTypes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                types.add((String) f.get(null));
            }
        }
        assertThat(types).isNotEmpty();
        for (String type : types) {
            assertThat(EventCatalog.current(type))
                    .as(type + " has no entry in EventCatalog")
                    .isPresent();
        }
    }

    @Test
    void itIsAsyncApi3WithAChannelForEachTopicAndTheInternalOnesMarked() {
        JsonNode doc = AsyncApiDocument.parse(AsyncApiDocument.render());
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        List<String> addresses = new ArrayList<>();
        doc.path("channels").forEach(c -> addresses.add(c.path("address").asText()));
        assertThat(addresses)
                .containsExactlyInAnyOrder(
                        Topics.AUTH,
                        Topics.INTERNAL_AUTH,
                        Topics.FILES,
                        Topics.INTERNAL_FILES,
                        Topics.SHARES,
                        Topics.INTERNAL_SHARES,
                        Topics.PROCESSING);
        for (JsonNode channel : doc.path("channels")) {
            boolean internal = channel.path("address").asText().startsWith("depot.internal.");
            assertThat(channel.path("x-depot-visibility").asText()).isEqualTo(internal ? "internal" : "public");
            if (internal) {
                assertThat(channel.path("description").asText()).startsWith("INTERNAL: not for outside consumers");
            }
            assertThat(channel.path("bindings")
                            .path("kafka")
                            .path("topicConfiguration")
                            .path("retention.ms")
                            .asLong())
                    .isEqualTo(604_800_000L);
            assertThat(channel.path("messages").size()).isPositive();
            for (JsonNode ref : channel.path("messages")) {
                JsonNode message = Compatibility.resolve(doc, ref);
                JsonNode envelope = message.path("payload").path("properties");
                JsonNode example = message.path("examples").get(0).path("payload");
                assertThat(envelope.has("clientip")).isEqualTo(internal);
                assertThat(envelope.has("useragent")).isEqualTo(internal);
                assertThat(example.has("clientip")).isEqualTo(internal);
                assertThat(example.path("dataschema").asText())
                        .isEqualTo(envelope.path("dataschema").path("const").asText())
                        .startsWith("urn:depot:event:" + message.path("name").asText() + ":v");
                assertThat(example.path("type").asText())
                        .isEqualTo(message.path("name").asText());
                assertThat(message.path("bindings")
                                .path("kafka")
                                .path("key")
                                .path("format")
                                .asText())
                        .isEqualTo("uuid");
            }
        }
        JsonNode fileUploaded = doc.at("/components/messages/file.uploaded.v1");
        assertThat(fileUploaded.path("name").asText()).isEqualTo("file.uploaded");
        assertThat(doc.at("/channels/depot-files/messages/file.uploaded.v1/$ref")
                        .asText())
                .isEqualTo("#/components/messages/file.uploaded.v1");
        assertThat(doc.at("/operations/send-depot-files/action").asText()).isEqualTo("send");
    }

    @Test
    void publicTopicsCarryNoEmailAndTheirInternalTwinsDo() {
        JsonNode doc = AsyncApiDocument.parse(AsyncApiDocument.render());
        JsonNode publicUser =
                Compatibility.resolve(doc, doc.at("/components/messages/user.registered.v1/payload/properties/data"));
        JsonNode internalUser = Compatibility.resolve(
                doc, doc.at("/components/messages/user.registered.v1.internal/payload/properties/data"));
        assertThat(publicUser.path("properties").has("email")).isFalse();
        assertThat(publicUser.path("properties").has("username")).isTrue();
        assertThat(internalUser.path("properties").has("email")).isTrue();
        assertThat(doc.at("/components/messages/user.registered.v1/examples/0/payload/data")
                        .has("email"))
                .isFalse();
        assertThat(doc.at("/components/messages/user.registered.v1.internal/examples/0/payload/data/email")
                        .asText())
                .isEqualTo("ada@example.com");
    }

    @Test
    void theReleasedCopyIsWhereTheCompatibilityTestFindsIt() {
        assertThat(getClass().getResource(CompatibilityTest.RELEASED)).isNotNull();
    }

    /** The directory holding libs/events: tests run in the module's directory, tools maybe elsewhere. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("libs/events")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("not inside the repository: " + dir);
    }
}
