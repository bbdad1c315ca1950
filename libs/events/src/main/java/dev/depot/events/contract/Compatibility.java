package dev.depot.events.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether an AsyncAPI document of Depot's events still keeps the promises of one released before it, so that a
 * consumer written against the released one keeps working:
 * <ul>
 * <li>every released event type is still published on the same topic in the same version (a new version is
 * published beside the old one, never instead of it);</li>
 * <li>every property of a released message (envelope and data, at any depth) still exists with the same type
 * and format, and does not become nullable;</li>
 * <li>no optional property becomes required.</li>
 * </ul>
 * New topics, types, versions and optional properties are all allowed.
 */
public final class Compatibility {

    private Compatibility() {}

    /** What breaks the released contract, one sentence each; empty when the current document keeps it. */
    public static List<String> problems(JsonNode released, JsonNode current) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> now = messagesByTopic(current);
        Map<String, JsonNode> before = messagesByTopic(released);
        Set<String> topicsNow = new HashSet<>();
        now.keySet().forEach(k -> topicsNow.add(k.substring(0, k.indexOf(' '))));
        for (Map.Entry<String, JsonNode> old : before.entrySet()) {
            String topic = old.getKey().substring(0, old.getKey().indexOf(' '));
            JsonNode oldMessage = old.getValue();
            String type = oldMessage.path("name").asText();
            int version = oldMessage.path("x-depot-version").asInt();
            JsonNode newMessage = now.get(old.getKey());
            if (newMessage == null) {
                if (!topicsNow.contains(topic)) {
                    problems.add("topic " + topic + " is gone: it carried " + type + " v" + version);
                } else {
                    int latest = latestVersion(now, topic, type);
                    problems.add(
                            latest > version
                                    ? type + " v" + version + " on " + topic + " was replaced by v" + latest
                                            + ": publish the new version beside the old one, do not drop it"
                                    : type + " v" + version + " is no longer published on " + topic);
                }
                continue;
            }
            compare(
                    released,
                    oldMessage.path("payload"),
                    current,
                    newMessage.path("payload"),
                    type + " v" + version + " on " + topic,
                    problems);
        }
        return problems;
    }

    /** Messages keyed "topic type version". */
    private static Map<String, JsonNode> messagesByTopic(JsonNode doc) {
        Map<String, JsonNode> messages = new java.util.TreeMap<>();
        for (JsonNode channel : iterable(doc.path("channels"))) {
            JsonNode resolved = resolve(doc, channel);
            String topic = resolved.path("address").asText();
            for (JsonNode ref : iterable(resolved.path("messages"))) {
                JsonNode message = resolve(doc, ref);
                messages.put(
                        topic + " " + message.path("name").asText() + " "
                                + message.path("x-depot-version").asInt(),
                        message);
            }
        }
        return messages;
    }

    private static int latestVersion(Map<String, JsonNode> messages, String topic, String type) {
        int latest = 0;
        for (Map.Entry<String, JsonNode> m : messages.entrySet()) {
            if (m.getKey().startsWith(topic + " " + type + " ")) {
                latest = Math.max(latest, m.getValue().path("x-depot-version").asInt());
            }
        }
        return latest;
    }

    private static void compare(
            JsonNode oldDoc,
            JsonNode oldSchema,
            JsonNode newDoc,
            JsonNode newSchema,
            String where,
            List<String> problems) {
        JsonNode before = resolve(oldDoc, oldSchema);
        JsonNode now = resolve(newDoc, newSchema);
        Set<String> typesBefore = types(before);
        Set<String> typesNow = types(now);
        Set<String> baseBefore = new TreeSet<>(typesBefore);
        baseBefore.remove("null");
        Set<String> baseNow = new TreeSet<>(typesNow);
        baseNow.remove("null");
        if (!baseBefore.equals(baseNow)) {
            problems.add(where + " changed type from " + baseBefore + " to " + baseNow);
            return;
        }
        if (!before.path("format").asText().equals(now.path("format").asText())) {
            problems.add(
                    where + " changed format from '" + before.path("format").asText() + "' to '"
                            + now.path("format").asText() + "'");
        }
        if (!baseBefore.isEmpty() && !typesBefore.contains("null") && typesNow.contains("null")) {
            problems.add(where + " may now be null");
        }
        Set<String> requiredBefore = strings(before.path("required"));
        for (String required : strings(now.path("required"))) {
            if (!requiredBefore.contains(required)) {
                problems.add(where + ": " + required + " became required");
            }
        }
        JsonNode propertiesNow = now.path("properties");
        Iterator<Map.Entry<String, JsonNode>> properties =
                before.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            String path = where + ": " + property.getKey();
            if (!propertiesNow.has(property.getKey())) {
                problems.add(path + " was removed");
            } else {
                compare(oldDoc, property.getValue(), newDoc, propertiesNow.get(property.getKey()), path, problems);
            }
        }
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        }
        return types;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Follows local references ({@code #/components/...}) until a node that is not one. */
    static JsonNode resolve(JsonNode doc, JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 16; hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#")) {
                throw new IllegalArgumentException("only local references are followed: " + ref);
            }
            current = doc.at(ref.substring(1));
        }
        return current;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node::elements;
    }
}
