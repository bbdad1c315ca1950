package dev.depot.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode: what every Depot topic carries.
 *
 * @param subject the id of the resource the event is about (also the Kafka key)
 * @param userid  extension attribute: the user whose data changed, so consumers can scope reads
 * @param clientip extension attribute: where the request came from, when a request caused it
 * @param useragent extension attribute: the requesting client, when known
 * @param traceparent extension attribute (CloudEvents distributed tracing): the W3C trace context
 *        of the request that caused the event, so a trace continues across Kafka
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        UUID id,
        String source,
        String type,
        String subject,
        OffsetDateTime time,
        String datacontenttype,
        String userid,
        String clientip,
        String useragent,
        JsonNode data,
        String traceparent) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    /** An event that continues no trace. */
    public CloudEvent(String specversion, UUID id, String source, String type, String subject, OffsetDateTime time,
            String datacontenttype, String userid, String clientip, String useragent, JsonNode data) {
        this(specversion, id, source, type, subject, time, datacontenttype, userid, clientip, useragent, data, null);
    }

    /** A new event with a fresh id and the current time. */
    public static CloudEvent of(String source, String type, String subject, UUID userId, JsonNode data) {
        return new CloudEvent(SPEC_VERSION, UUID.randomUUID(), source, type, subject,
                OffsetDateTime.now(ZoneOffset.UTC), "application/json",
                userId == null ? null : userId.toString(), null, null, data);
    }

    /** The same event under another id: a consumer re-deriving it from a redelivered input keeps its id stable. */
    public CloudEvent withId(UUID newId) {
        return new CloudEvent(specversion, newId, source, type, subject, time, datacontenttype, userid, clientip,
                useragent, data, traceparent);
    }

    /** The same event carrying where the request that caused it came from. */
    public CloudEvent withClient(String clientIp, String userAgent) {
        return new CloudEvent(specversion, id, source, type, subject, time, datacontenttype, userid,
                clientIp, userAgent, data, traceparent);
    }

    /** The same event continuing a trace (a W3C {@code traceparent}; anything malformed is dropped). */
    public CloudEvent withTrace(String parent) {
        String valid = parent != null && parent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}") ? parent : null;
        return new CloudEvent(specversion, id, source, type, subject, time, datacontenttype, userid, clientip,
                useragent, data, valid);
    }
}
