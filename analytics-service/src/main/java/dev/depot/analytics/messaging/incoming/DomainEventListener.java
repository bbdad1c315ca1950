package dev.depot.analytics.messaging.incoming;

import dev.depot.analytics.service.ProjectionService;
import dev.depot.analytics.service.ProjectionService.Projected;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes every domain topic into the read models, one poll at a time (one transaction per poll).
 * A record that is not an event this service can apply goes to the dead-letter topic; a database that
 * does not answer is waited for, and if it stays away the channel fails (health goes down) rather than
 * skip events.
 */
@ApplicationScoped
public class DomainEventListener {

    private static final Logger LOG = Logger.getLogger(DomainEventListener.class);
    static final String REASON_HEADER = "depot-dead-letter-reason";

    private final ProjectionService projection;
    private final MutinyEmitter<String> deadLetters;

    public DomainEventListener(
            ProjectionService projection, @Channel("dead-letters") MutinyEmitter<String> deadLetters) {
        this.projection = projection;
        this.deadLetters = deadLetters;
    }

    @Incoming("domain-events")
    public Uni<Void> onPoll(ConsumerRecords<String, String> records) {
        List<Projected> events = new ArrayList<>(records.count());
        Map<Projected, ConsumerRecord<String, String>> origin = new HashMap<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                CloudEvent event = EventCodec.read(record.value());
                Projected p = projection.project(event);
                events.add(p);
                origin.put(p, record);
            } catch (RuntimeException e) {
                rejected.add(deadLetter(record, e.getMessage()));
            }
        }
        Uni<Void> dead = rejected.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andFailFast().replaceWithVoid();
        return dead.chain(() -> projection
                .apply(events, p -> deadLetter(origin.get(p), "refused by the database"))
                .onFailure()
                .invoke(e -> LOG.warnf("applying %d events failed, trying again: %s", events.size(), e.toString()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .atMost(8));
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
        LOG.warnf(
                "%s[%d]@%d set apart on %s: %s",
                record.topic(), record.partition(), record.offset(), "depot.dlq.analytics", reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
        headers.add("depot-dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(record.value() == null ? "" : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(record.key())
                        .withHeaders(headers)
                        .build()));
    }
}
