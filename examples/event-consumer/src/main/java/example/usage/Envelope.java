package example.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The CloudEvents 1.0 attributes this consumer reads, as Depot publishes them (structured JSON mode).
 * Attributes added later are ignored rather than refused, so a new extension never stops the consumer.
 *
 * @param id         unique per event; a redelivery carries the same id
 * @param subject    the id of the resource the event is about (also the Kafka key)
 * @param dataschema which version of the payload's shape {@code data} has, e.g. {@code urn:depot:event:file.uploaded:v1}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Envelope(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        String time,
        String dataschema,
        JsonNode data) {}
