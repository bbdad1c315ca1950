package dev.depot.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.events.contract.EventCatalog;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode: what every Depot topic carries.
 *
 * @param subject the id of the resource the event is about (also the Kafka key)
 * @param dataschema which version of its type's data the event carries ({@code urn:depot:event:<type>:v<n>},
 *        see {@link EventCatalog}); absent from events older than the contract
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
        String dataschema,
        String userid,
        String clientip,
        String useragent,
        JsonNode data,
        String traceparent) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    /** The one personal field a payload carries ({@code user.*} events): left out on public topics. */
    public static final String PRIVATE_DATA_FIELD = "email";

    /** An event that names no schema version (as events did before the contract) and continues a trace. */
    public CloudEvent(
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
        this(
                specversion,
                id,
                source,
                type,
                subject,
                time,
                datacontenttype,
                null,
                userid,
                clientip,
                useragent,
                data,
                traceparent);
    }

    /** An event that names no schema version and continues no trace. */
    public CloudEvent(
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
            JsonNode data) {
        this(
                specversion,
                id,
                source,
                type,
                subject,
                time,
                datacontenttype,
                null,
                userid,
                clientip,
                useragent,
                data,
                null);
    }

    /**
     * A new event with a fresh id and the current time, naming the current version of its type's data
     * (none for a type the catalog does not know).
     */
    public static CloudEvent of(String source, String type, String subject, UUID userId, JsonNode data) {
        return new CloudEvent(
                SPEC_VERSION,
                UUID.randomUUID(),
                source,
                type,
                subject,
                OffsetDateTime.now(ZoneOffset.UTC),
                "application/json",
                EventCatalog.dataschemaOf(type),
                userId == null ? null : userId.toString(),
                null,
                null,
                data,
                null);
    }

    /** The same event under another id: a consumer re-deriving it from a redelivered input keeps its id stable. */
    public CloudEvent withId(UUID newId) {
        return new CloudEvent(
                specversion,
                newId,
                source,
                type,
                subject,
                time,
                datacontenttype,
                dataschema,
                userid,
                clientip,
                useragent,
                data,
                traceparent);
    }

    /** The same event carrying where the request that caused it came from. */
    public CloudEvent withClient(String clientIp, String userAgent) {
        return new CloudEvent(
                specversion,
                id,
                source,
                type,
                subject,
                time,
                datacontenttype,
                dataschema,
                userid,
                clientIp,
                userAgent,
                data,
                traceparent);
    }

    /**
     * The event as a public topic carries it: without the personal data only Depot's own services may read
     * (where the request came from, the client, a user's email address). The whole event travels on the
     * domain's internal topic ({@link Topics#internalOf}).
     */
    public CloudEvent forPublicTopic() {
        JsonNode publicData = data;
        if (data instanceof ObjectNode object && object.has(PRIVATE_DATA_FIELD)) {
            publicData = object.deepCopy().without(PRIVATE_DATA_FIELD);
        }
        return new CloudEvent(
                specversion,
                id,
                source,
                type,
                subject,
                time,
                datacontenttype,
                dataschema,
                userid,
                null,
                null,
                publicData,
                traceparent);
    }

    /** The same event continuing a trace (a W3C {@code traceparent}; anything malformed is dropped). */
    public CloudEvent withTrace(String parent) {
        String valid = parent != null && parent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}") ? parent : null;
        return new CloudEvent(
                specversion,
                id,
                source,
                type,
                subject,
                time,
                datacontenttype,
                dataschema,
                userid,
                clientip,
                useragent,
                data,
                valid);
    }
}
