package dev.depot.events.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * JSON Schemas of the payload records, derived from the records themselves so they cannot disagree with what
 * {@link dev.depot.events.EventCodec} writes: snake_case names; a primitive is always written, so it is
 * required; a reference type may be null or, in older events, absent, so it is optional and nullable.
 */
public final class JsonSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private JsonSchemas() {}

    /** The schema of a payload record's JSON, without the fields named in {@code leftOut}. */
    public static ObjectNode of(Class<? extends Record> record, Set<String> leftOut) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = propertyName(component.getName());
            if (leftOut.contains(name)) {
                continue;
            }
            Class<?> type = component.getType();
            properties.set(name, typeOf(record, component.getName(), type));
            if (type.isPrimitive()) {
                required.add(name);
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        // Producers may add optional fields without a new version: consumers must accept ones they do not know.
        schema.put("additionalProperties", true);
        return schema;
    }

    /** The name EventCodec gives a record component. */
    public static String propertyName(String component) {
        return SNAKE_CASE.translate(component);
    }

    private static ObjectNode typeOf(Class<?> record, String component, Class<?> type) {
        ObjectNode schema = JSON.objectNode();
        if (type == UUID.class) {
            nullable(schema, "string").put("format", "uuid");
        } else if (type == Instant.class || type == OffsetDateTime.class) {
            nullable(schema, "string").put("format", "date-time");
        } else if (type == String.class) {
            nullable(schema, "string");
        } else if (type == int.class || type == long.class || type == short.class) {
            schema.put("type", "integer");
        } else if (type == Integer.class || type == Long.class || type == Short.class) {
            nullable(schema, "integer");
        } else if (type == boolean.class) {
            schema.put("type", "boolean");
        } else if (type == Boolean.class) {
            nullable(schema, "boolean");
        } else if (type == double.class || type == float.class) {
            schema.put("type", "number");
        } else if (type == Double.class || type == Float.class) {
            nullable(schema, "number");
        } else {
            // A type with no agreed JSON shape would make the contract guess: decide it here first.
            throw new IllegalArgumentException(record.getSimpleName() + "." + component + " has a type the "
                    + "event contract cannot describe yet: " + type.getName());
        }
        return schema;
    }

    private static ObjectNode nullable(ObjectNode schema, String type) {
        schema.putArray("type").add(type).add("null");
        return schema;
    }
}
