package dev.depot.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.events.payload.ShareAccessPayload;
import dev.depot.testing.TestKafka;
import dev.depot.testing.TestTokens;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Predicate;

/** Builds events as the producing services do and sends them to the real topics; polls the API. */
public final class Events {

    private Events() {}

    /** Now, to the microsecond, as PostgreSQL keeps it. */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public static CloudEvent event(
            String source, String type, UUID subject, UUID user, Object payload, OffsetDateTime time) {
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                UUID.randomUUID(),
                source,
                type,
                subject.toString(),
                time,
                "application/json",
                user.toString(),
                null,
                null,
                EventCodec.toData(payload));
    }

    public static CloudEvent file(String type, FilePayload f, OffsetDateTime time) {
        return event("depot/files-service", type, f.fileId(), f.ownerId(), f, time);
    }

    public static FilePayload filePayload(
            UUID owner, UUID fileId, String name, UUID folder, long size, String category) {
        String mime =
                switch (category) {
                    case "images" -> "image/png";
                    case "documents" -> "application/pdf";
                    case "videos" -> "video/mp4";
                    default -> "application/octet-stream";
                };
        return new FilePayload(fileId, owner, name, folder, size, mime, category, sha(fileId + name + size), false);
    }

    public static CloudEvent folder(String type, FolderPayload f, OffsetDateTime time) {
        return event("depot/files-service", type, f.folderId(), f.ownerId(), f, time);
    }

    public static CloudEvent processing(String type, ProcessingPayload p, OffsetDateTime time) {
        return event("depot/processing-worker", type, p.fileId(), p.ownerId(), p, time);
    }

    public static CloudEvent shareAccess(ShareAccessPayload a, OffsetDateTime time) {
        return event("depot/sharing-service", "share.accessed", a.shareId(), a.ownerId(), a, time);
    }

    /** Sends to the topic of the event's producer, keyed by its subject (as the services do). */
    public static String send(CloudEvent e) {
        String json = EventCodec.write(e);
        TestKafka.send(topicOf(e), e.subject(), json);
        return json;
    }

    public static void sendRaw(CloudEvent e, String json) {
        TestKafka.send(topicOf(e), e.subject(), json);
    }

    /** Where analytics-service reads an event of this type: the internal twin of its domain's topic, if it has one. */
    public static String topicOf(CloudEvent e) {
        String type = e.type();
        if (type.startsWith("processing.")) {
            return Topics.PROCESSING;
        }
        if (type.startsWith("share.")) {
            return Topics.INTERNAL_SHARES;
        }
        if (type.startsWith("user.")) {
            return Topics.INTERNAL_AUTH;
        }
        return Topics.INTERNAL_FILES;
    }

    public static Response get(UUID user, String path) {
        return given().auth().oauth2(TestTokens.forUser(user)).get(path);
    }

    /** GETs the path as the user until the answer satisfies the condition (30 s at most by default), and returns it. */
    public static Response awaitGet(UUID user, String path, Predicate<Response> condition) {
        return awaitGet(user, path, condition, Duration.ofSeconds(30));
    }

    public static Response awaitGet(UUID user, String path, Predicate<Response> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Response last = get(user, path);
        while (!condition.test(last) && Instant.now().isBefore(deadline)) {
            pause(100);
            last = get(user, path);
        }
        assertThat(condition.test(last))
                .as("GET " + path + " never matched; last answer: " + last.asString())
                .isTrue();
        return last;
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String sha(String seed) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(seed.getBytes());
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
