package dev.depot.processing.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.FilePayload;
import dev.depot.testing.TestKafka;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Sends file.registered events, as files-service does for POST /api/cdn/files/upload/ with JSON, and reads the results. */
final class Registered {

    private Registered() {}

    /** The processing.* events for a file registered with these details, once the job has ended. */
    static List<CloudEvent> process(String cdnUrl, long fileSize, String sha256, String mime) {
        UUID fileId = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        FilePayload file =
                new FilePayload(fileId, owner, "registered", null, fileSize, mime, "images", sha256, false, cdnUrl);
        TestKafka.send(
                Topics.FILES,
                fileId.toString(),
                EventCodec.write(CloudEvent.of(
                        "depot/files-service",
                        EventTypes.FILE_REGISTERED,
                        fileId.toString(),
                        owner,
                        EventCodec.toData(file))));
        List<CloudEvent> events = TestKafka.valuesWithKey(
                        Topics.PROCESSING, fileId.toString(), 2, Duration.ofSeconds(60), Duration.ofMillis(300))
                .stream()
                .map(EventCodec::read)
                .toList();
        assertThat(events).as("processing events for " + fileId).hasSizeGreaterThanOrEqualTo(2);
        assertThat(events.get(0).type()).isEqualTo(EventTypes.PROCESSING_STARTED);
        return events;
    }

    static CloudEvent last(List<CloudEvent> events) {
        return events.get(events.size() - 1);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
