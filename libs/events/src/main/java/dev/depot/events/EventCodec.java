package dev.depot.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Reads and writes events and payloads exactly as they travel on the topics (snake_case JSON). */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {}

    public static String write(CloudEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be written as JSON", e);
        }
    }

    public static CloudEvent read(String json) {
        try {
            return MAPPER.readValue(json, CloudEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a CloudEvent: " + e.getOriginalMessage(), e);
        }
    }

    /** A payload record as the event's {@code data}. */
    public static JsonNode toData(Object payload) {
        return MAPPER.valueToTree(payload);
    }

    /** The event's {@code data} as one of the payload records. */
    public static <T> T data(CloudEvent event, Class<T> type) {
        try {
            return MAPPER.treeToValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(event.type() + " data does not fit " + type.getSimpleName(), e);
        }
    }
}
