package dev.depot.analytics.messaging.incoming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.analytics.Events;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.events.payload.ShareAccessPayload;
import dev.depot.events.payload.UserPayload;
import dev.depot.testing.TestEnv;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How many events a second the consumer applies: sends {@code -Ddepot.bench.events} events (a realistic
 * mix over many users: uploads, downloads, link accesses, folders, processing, logins) to the real topics
 * and times until every one is in the read models. Run by bench/analytics-throughput.sh; skipped otherwise.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "depot.bench.events", matches = "\\d+")
class ConsumerThroughputBench {

    @Inject
    Pool pool;

    @Test
    void applyingEvents() throws IOException {
        int total = Integer.getInteger("depot.bench.events");
        int userCount = Math.max(1, total / 200);
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < userCount; i++) {
            users.add(UUID.randomUUID());
        }
        List<CloudEvent> events = mix(users, total);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnv.kafkaBootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (CloudEvent e : events) {
                producer.send(new ProducerRecord<>(Events.topicOf(e), e.subject(), EventCodec.write(e)));
            }
            producer.flush();
        }
        long produced = System.nanoTime();
        long applied = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (applied < total && System.nanoTime() < deadline) {
            Events.pause(50);
            applied = count(users);
        }
        long done = System.nanoTime();
        assertThat(applied).isEqualTo(total);

        double produceSeconds = (produced - start) / 1e9;
        double seconds = (done - start) / 1e9;
        String report = String.format(
                Locale.ROOT,
                "analytics consumer: %d events (%d users) sent in %.1f s; all applied %.1f s after the first was sent: %.0f events/s%n",
                total,
                userCount,
                produceSeconds,
                seconds,
                total / seconds);
        System.out.print(report);
        Files.writeString(Path.of("target", "analytics-throughput.txt"), report);
    }

    private long count(List<UUID> users) {
        return pool.preparedQuery("SELECT count(*) FROM activity_entry WHERE user_id = ANY($1)")
                .execute(Tuple.of(users.toArray(UUID[]::new)))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    /** Per user, in turn: uploads, downloads, link views and downloads, folders, processing, logins. */
    private static List<CloudEvent> mix(List<UUID> users, int total) {
        Map<UUID, List<FilePayload>> files = new HashMap<>();
        List<CloudEvent> events = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            UUID user = users.get(i % users.size());
            List<FilePayload> own = files.computeIfAbsent(user, u -> new ArrayList<>());
            int kind = (i / users.size()) % 10;
            if (own.isEmpty()) {
                kind = 0;
            }
            FilePayload some = own.isEmpty() ? null : own.get((i * 7) % own.size());
            events.add(
                    switch (kind) {
                        case 0 -> {
                            FilePayload f = Events.filePayload(
                                    user, UUID.randomUUID(), "file-" + i + ".png", null, 1000 + i, "images");
                            own.add(f);
                            yield Events.file(EventTypes.FILE_UPLOADED, f, Events.now());
                        }
                        case 1, 2, 3 -> Events.file(EventTypes.FILE_DOWNLOADED, some, Events.now());
                        case 4 ->
                            Events.shareAccess(
                                    new ShareAccessPayload(
                                            UUID.randomUUID(), user, "file", some.fileId(), "view", null, null),
                                    Events.now());
                        case 5 ->
                            Events.shareAccess(
                                    new ShareAccessPayload(
                                            UUID.randomUUID(),
                                            user,
                                            "file",
                                            some.fileId(),
                                            "download",
                                            some.fileId(),
                                            null),
                                    Events.now());
                        case 6 ->
                            Events.folder(
                                    EventTypes.FOLDER_CREATED,
                                    new FolderPayload(UUID.randomUUID(), user, "f" + i, null, "/f" + i, null, null),
                                    Events.now());
                        case 7 ->
                            Events.processing(
                                    EventTypes.PROCESSING_STARTED,
                                    ProcessingPayload.of(some.fileId(), user, some.sha256(), "processing", null),
                                    Events.now());
                        case 8 ->
                            Events.processing(
                                    EventTypes.PROCESSING_COMPLETED,
                                    ProcessingPayload.of(some.fileId(), user, some.sha256(), "completed", null),
                                    Events.now());
                        default ->
                            Events.event(
                                    "depot/auth-service",
                                    EventTypes.USER_LOGGED_IN,
                                    user,
                                    user,
                                    new UserPayload(user, "u" + i, "u@example.com", "password", 1L << 30),
                                    Events.now());
                    });
        }
        return events;
    }
}
