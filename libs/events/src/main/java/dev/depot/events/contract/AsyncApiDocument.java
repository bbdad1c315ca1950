package dev.depot.events.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.contract.EventCatalog.Entry;
import dev.depot.events.contract.EventCatalog.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * The AsyncAPI 3.0.0 document of Depot's topics, generated from {@link EventCatalog}: a channel per topic
 * (the public ones and their internal twins), a message per event type and version on each, the CloudEvents
 * envelope and the data's JSON Schema. The copy committed at {@code docs/events/asyncapi.json} is tested to
 * be what this generates; {@link #main} rewrites it.
 */
public final class AsyncApiDocument {

    public static final String ASYNCAPI_VERSION = "3.0.0";
    /** Where the committed copy lives, from the repository's root. */
    public static final String COMMITTED = "docs/events/asyncapi.json";
    /** The broker's defaults, which Depot's topics keep: history is retained 7 days, nothing is compacted. */
    public static final long RETENTION_MS = 7L * 24 * 60 * 60 * 1000;

    static final String KAFKA_BINDING_VERSION = "0.5.0";
    static final String TRACEPARENT_PATTERN = "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$";
    private static final String EXAMPLE_TIME = "2026-07-14T09:30:00Z";
    private static final String EXAMPLE_TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AsyncApiDocument() {}

    /** Writes the document to the path given, or to {@link #COMMITTED} under the working directory. */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : COMMITTED);
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target.toAbsolutePath());
    }

    /** The document as committed: pretty-printed, two-space indents, a final newline. */
    public static String render() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(build()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the AsyncAPI document cannot be written", e);
        }
    }

    public static ObjectNode build() {
        ObjectNode doc = JSON.objectNode();
        doc.put("asyncapi", ASYNCAPI_VERSION);
        doc.put("id", "urn:depot:events");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Depot events");
        info.put("version", "1.0.0");
        info.put(
                "description",
                """
                The events Depot's services publish to Kafka: CloudEvents 1.0 in structured JSON mode (the whole \
                event is the record's value), keyed by the id of the resource the event is about (its subject), \
                so one resource's events stay in order on one partition. The public topics (depot.auth, \
                depot.files, depot.shares, depot.processing) are for outside consumers and carry no personal \
                data. The depot.internal.* twins carry every event whole (with the client's address, user agent \
                and a user's email) and are read only by Depot's own services. Each event names the version of \
                its data in dataschema (urn:depot:event:<type>:v<version>): adding optional fields keeps the \
                version; removing, renaming or retyping a field, or making one required, is a new version \
                published beside the old one. Topics keep 7 days of history (no compaction).""");
        doc.put("defaultContentType", CloudEvent.CONTENT_TYPE);

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode messages = components.putObject("messages");

        for (Topic topic : EventCatalog.topics()) {
            channel(topic, topic.name(), false, channels, operations, schemas, messages);
            if (topic.internal() != null) {
                channel(topic, topic.internal(), true, channels, operations, schemas, messages);
            }
        }
        return doc;
    }

    /** The id of the channel of a topic: the topic's name with dashes, as ids are plain names. */
    public static String channelId(String topic) {
        return topic.replace('.', '-');
    }

    /** The id of the message of one version of a type on a public or an internal topic. */
    public static String messageId(Entry entry, boolean internal) {
        return entry.type() + ".v" + entry.version() + (internal ? ".internal" : "");
    }

    private static void channel(
            Topic topic,
            String address,
            boolean internal,
            ObjectNode channels,
            ObjectNode operations,
            ObjectNode schemas,
            ObjectNode messages) {
        String id = channelId(address);
        ObjectNode channel = channels.putObject(id);
        channel.put("address", address);
        channel.put("title", address + (internal ? " (internal)" : ""));
        channel.put(
                "description",
                internal
                        ? "INTERNAL: not for outside consumers. Every event of " + topic.name() + ", whole: with the "
                                + "clientip and useragent of the request that caused it and, in user.* data, the email. "
                                + "Only Depot's own services read it; outside consumers read " + topic.name() + "."
                        : "Public. " + topic.description() + " Written by " + topic.producer() + "."
                                + (topic.internal() == null
                                        ? " It carries no personal data, so it has no internal twin."
                                        : " Without personal data: its internal twin " + topic.internal()
                                                + " carries the same events whole."));
        channel.putArray("tags").addObject().put("name", internal ? "internal" : "public");
        channel.put("x-depot-visibility", internal ? "internal" : "public");
        ObjectNode channelMessages = channel.putObject("messages");
        ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
        kafka.put("topic", address);
        ObjectNode config = kafka.putObject("topicConfiguration");
        config.putArray("cleanup.policy").add("delete");
        config.put("retention.ms", RETENTION_MS);
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);

        ObjectNode operation = operations.putObject("send-" + id);
        operation.put("action", "send");
        operation.putObject("channel").put("$ref", "#/channels/" + id);
        operation.put("title", topic.producer() + " publishes to " + address);
        if (internal) {
            operation.put("description", "Read only by Depot's own services.");
        }
        ArrayNode operationMessages = operation.putArray("messages");

        for (Entry entry : EventCatalog.onTopic(topic.name())) {
            String messageId = messageId(entry, internal);
            messages.set(messageId, message(topic, entry, internal, schemas));
            channelMessages.putObject(messageId).put("$ref", "#/components/messages/" + messageId);
            operationMessages.addObject().put("$ref", "#/channels/" + id + "/messages/" + messageId);
        }
    }

    private static ObjectNode message(Topic topic, Entry entry, boolean internal, ObjectNode schemas) {
        ObjectNode message = JSON.objectNode();
        message.put("name", entry.type());
        message.put("title", entry.type() + " v" + entry.version() + (internal ? " (internal)" : ""));
        message.put("summary", entry.description());
        message.put("contentType", CloudEvent.CONTENT_TYPE);
        message.put("x-depot-event-type", entry.type());
        message.put("x-depot-version", entry.version());
        message.put("x-depot-visibility", internal ? "internal" : "public");

        ObjectNode headers = message.putObject("headers").put("type", "object");
        headers.putObject("properties")
                .putObject("content-type")
                .put("type", "string")
                .put("const", CloudEvent.CONTENT_TYPE)
                .put("description", "Set by the services that publish through their outbox; may be absent.");

        ObjectNode key = message.putObject("bindings").putObject("kafka");
        key.putObject("key")
                .put("type", "string")
                .put("format", "uuid")
                .put("description", entry.key().description() + ": the event's subject");
        key.put("bindingVersion", KAFKA_BINDING_VERSION);

        message.set("payload", envelope(topic, entry, internal, dataSchema(entry, internal, schemas)));

        CloudEvent example = new CloudEvent(
                CloudEvent.SPEC_VERSION,
                UUID.nameUUIDFromBytes((entry.dataschema() + "|example").getBytes(StandardCharsets.UTF_8)),
                topic.source(),
                entry.type(),
                entry.key().example().toString(),
                OffsetDateTime.parse(EXAMPLE_TIME),
                "application/json",
                entry.dataschema(),
                EventCatalog.USER.toString(),
                null,
                null,
                EventCodec.toData(entry.example()),
                EXAMPLE_TRACE);
        example = internal
                ? example.withClient("198.51.100.23", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
                : example.forPublicTopic();
        ObjectNode exampleNode = message.putArray("examples").addObject();
        exampleNode.put("name", entry.type());
        exampleNode.put("summary", "As " + (internal ? topic.internal() : topic.name()) + " carries it");
        try {
            exampleNode.set("payload", MAPPER.readTree(EventCodec.write(example)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return message;
    }

    /** A reference to the data's schema, added to the components when it is not there yet. */
    private static ObjectNode dataSchema(Entry entry, boolean internal, ObjectNode schemas) {
        ObjectNode whole = JsonSchemas.of(entry.payload(), Set.of());
        ObjectNode shown = internal ? whole : JsonSchemas.of(entry.payload(), Set.of(CloudEvent.PRIVATE_DATA_FIELD));
        String name = entry.payload().getSimpleName() + (shown.equals(whole) ? "" : ".public");
        if (!schemas.has(name)) {
            shown.put("title", name);
            schemas.set(name, shown);
        }
        return JSON.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    private static ObjectNode envelope(Topic topic, Entry entry, boolean internal, ObjectNode data) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        schema.put("description", "A CloudEvents 1.0 event in structured JSON mode.");
        ObjectNode p = schema.putObject("properties");
        p.putObject("specversion").put("type", "string").put("const", CloudEvent.SPEC_VERSION);
        p.putObject("id")
                .put("type", "string")
                .put("format", "uuid")
                .put(
                        "description",
                        "Unique per event; its public and internal copies share it, and a redelivered "
                                + "event keeps it: deduplicate on it.");
        p.putObject("source").put("type", "string").put("const", topic.source());
        p.putObject("type").put("type", "string").put("const", entry.type());
        p.putObject("subject")
                .put("type", "string")
                .put("format", "uuid")
                .put("description", entry.key().description() + " (also the record's key).");
        p.putObject("time").put("type", "string").put("format", "date-time");
        p.putObject("datacontenttype").put("type", "string").put("const", "application/json");
        p.putObject("dataschema")
                .put("type", "string")
                .put("const", entry.dataschema())
                .put(
                        "description",
                        "The version of this type's data. Absent from events written before the "
                                + "contract was versioned, which are version 1.");
        p.putObject("userid")
                .put("type", "string")
                .put("format", "uuid")
                .put("description", "Extension: the user whose data changed.");
        p.putObject("traceparent")
                .put("type", "string")
                .put("pattern", TRACEPARENT_PATTERN)
                .put(
                        "description",
                        "Extension (distributed tracing): the W3C trace context of the request that "
                                + "caused the event.");
        if (internal) {
            p.putObject("clientip")
                    .put("type", "string")
                    .put("description", "Extension, internal topics only: where the request that caused it came from.");
            p.putObject("useragent")
                    .put("type", "string")
                    .put("description", "Extension, internal topics only: the requesting client.");
        }
        p.set("data", data);
        ArrayNode required = schema.putArray("required");
        for (String name :
                new String[] {"specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data"}) {
            required.add(name);
        }
        schema.put("additionalProperties", true);
        return schema;
    }

    /** The document's tree, read from JSON (for tests and the compatibility check). */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getOriginalMessage(), e);
        }
    }
}
