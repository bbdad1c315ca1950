package dev.depot.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Holds today's contract to the one released: a consumer written against the released document must keep
 * working. When this fails, the change needs a new version (see EventCatalog), not an edit of the old one.
 */
class CompatibilityTest {

    static final String RELEASED = "/released/asyncapi-v1.json";

    @Test
    void theCurrentContractKeepsEveryPromiseOfTheReleasedOne() throws IOException {
        List<String> problems = Compatibility.problems(released(), current());
        assertThat(problems)
                .as("changes that break consumers of " + RELEASED + " (a field removed, renamed or "
                        + "retyped, or made required, needs a new version of the type published beside the old one)")
                .isEmpty();
    }

    @Test
    void aRemovedFieldIsCaught() throws IOException {
        ObjectNode changed = (ObjectNode) released();
        ((ObjectNode) changed.at("/components/schemas/FilePayload/properties")).remove("file_size");
        assertThat(Compatibility.problems(released(), changed))
                .anyMatch(p -> p.contains("file.uploaded v1 on depot.files") && p.contains("file_size was removed"));
    }

    @Test
    void aRetypedFieldIsCaught() throws IOException {
        ObjectNode changed = (ObjectNode) released();
        ((ObjectNode) changed.at("/components/schemas/FilePayload/properties/starred")).put("type", "string");
        ((ObjectNode) changed.at("/components/schemas/SharePayload/properties/expires_at")).put("format", "date");
        ((ObjectNode) changed.at("/components/schemas/StoragePayload/properties/used"))
                .putArray("type")
                .add("integer")
                .add("null");
        assertThat(Compatibility.problems(released(), changed))
                .anyMatch(p -> p.contains("starred changed type from [boolean] to [string]"))
                .anyMatch(p -> p.contains("expires_at changed format from 'date-time' to 'date'"))
                .anyMatch(p -> p.contains("storage.limit_reached v1 on depot.files: data: used may now be null"));
    }

    @Test
    void anOptionalFieldMadeRequiredIsCaught() throws IOException {
        ObjectNode changed = (ObjectNode) released();
        ((ArrayNode) changed.at("/components/schemas/FilePayload/required")).add("cdn_url");
        assertThat(Compatibility.problems(released(), changed)).anyMatch(p -> p.contains("cdn_url became required"));
    }

    @Test
    void aTypeDroppedOrReplacedByANewVersionIsCaught() throws IOException {
        ObjectNode dropped = (ObjectNode) released();
        ((ObjectNode) dropped.at("/channels/depot-files/messages")).remove("file.uploaded.v1");
        assertThat(Compatibility.problems(released(), dropped))
                .contains("file.uploaded v1 is no longer published on depot.files");

        ObjectNode replaced = (ObjectNode) released();
        ((ObjectNode) replaced.at("/components/messages/file.uploaded.v1")).put("x-depot-version", 2);
        assertThat(Compatibility.problems(released(), replaced))
                .anyMatch(p -> p.startsWith("file.uploaded v1 on depot.files was replaced by v2"));

        ObjectNode gone = (ObjectNode) released();
        ((ObjectNode) gone.path("channels")).remove("depot-processing");
        assertThat(Compatibility.problems(released(), gone))
                .anyMatch(p -> p.startsWith("topic depot.processing is gone"));
    }

    @Test
    void whatIsAdditiveIsAllowed() throws IOException {
        ObjectNode changed = (ObjectNode) released();
        ((ObjectNode) changed.at("/components/schemas/FilePayload/properties"))
                .putObject("checksum_crc32")
                .putArray("type")
                .add("string")
                .add("null");
        ((ObjectNode) changed.at("/components/schemas/FilePayload/properties/file_id")).put("description", "id");
        ObjectNode v2 = ((ObjectNode) changed.at("/components/messages/file.uploaded.v1"))
                .deepCopy()
                .put("x-depot-version", 2);
        ((ObjectNode) changed.at("/components/messages")).set("file.uploaded.v2", v2);
        ((ObjectNode) changed.at("/channels/depot-files/messages"))
                .putObject("file.uploaded.v2")
                .put("$ref", "#/components/messages/file.uploaded.v2");
        assertThat(Compatibility.problems(released(), changed)).isEmpty();
    }

    static JsonNode released() throws IOException {
        try (InputStream in = CompatibilityTest.class.getResourceAsStream(RELEASED)) {
            assertThat(in).as(RELEASED + " is on the test class path").isNotNull();
            return AsyncApiDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static JsonNode current() {
        return AsyncApiDocument.parse(AsyncApiDocument.render());
    }
}
