package dev.depot.files.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.blobstore.BlobStore;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.testing.TestKafka;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

/** processing-worker as files-service sees it: JPEGs in the blob store and events on depot.processing. */
final class Processing {

    static final String SOURCE = "depot/processing-worker";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Processing() {}

    /** A derived image as the worker leaves it: its bytes in the blob store under their SHA-256. */
    record Image(String sha256, byte[] bytes) {}

    /** JPEG markers around random bytes, stored content-addressed as the worker stores its output. */
    static Image jpeg(BlobStore blobs, int size) {
        byte[] b = new byte[size];
        RANDOM.nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        b[size - 2] = (byte) 0xFF;
        b[size - 1] = (byte) 0xD9;
        String sha = BytesTest.sha256(b);
        try {
            Path tmp = blobs.temporaryFile();
            Files.write(tmp, b);
            blobs.put(tmp, sha);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new Image(sha, b);
    }

    static ProcessingPayload completed(UUID file, UUID owner, String sourceSha, Image thumbnail, Image preview) {
        return new ProcessingPayload(
                file,
                owner,
                sourceSha,
                "completed",
                thumbnail == null ? null : thumbnail.sha256(),
                preview == null ? null : preview.sha256(),
                4000,
                3000,
                Instant.parse("2024-05-01T10:15:30Z"),
                null,
                null,
                null,
                420L);
    }

    static ProcessingPayload started(UUID file, UUID owner, String sourceSha) {
        return ProcessingPayload.of(file, owner, sourceSha, "processing", null);
    }

    static ProcessingPayload failed(UUID file, UUID owner, String sourceSha, String reason) {
        return ProcessingPayload.of(file, owner, sourceSha, "failed", reason);
    }

    static CloudEvent event(String type, ProcessingPayload p) {
        return CloudEvent.of(SOURCE, type, p.fileId().toString(), p.ownerId(), EventCodec.toData(p));
    }

    /** Sends the event keyed by the file id, as the worker does; answers its id. */
    static UUID send(CloudEvent event) {
        TestKafka.send(Topics.PROCESSING, event.subject(), EventCodec.write(event));
        return event.id();
    }

    static UUID send(String type, ProcessingPayload p) {
        return send(event(type, p));
    }

    static UUID sendCompleted(ProcessingPayload p) {
        return send(EventTypes.PROCESSING_COMPLETED, p);
    }

    /** Waits until files-service has taken the event (applied or found not to apply): its inbox holds the id. */
    static void awaitTaken(UUID eventId) {
        await("event " + eventId + " taken by files-service", () -> inboxHas(eventId));
    }

    private static boolean inboxHas(UUID eventId) {
        try {
            return VertxContextSupport.subscribeAndAwait(
                            () -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                            "SELECT count(*) FROM inbox_event WHERE consumer = 'processing' "
                                                    + "AND event_id = ?1",
                                            Long.class)
                                    .setParameter(1, eventId)
                                    .getSingleResult())))
                    > 0;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls the file's view until {@code condition} holds; answers that view. */
    static JsonPath awaitFile(Drive d, String id, String what, Predicate<JsonPath> condition) {
        JsonPath[] last = new JsonPath[1];
        await(what, () -> {
            last[0] = d.as().get("/api/cdn/files/" + id + "/")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            return condition.test(last[0]);
        });
        return last[0];
    }

    static JsonPath awaitStatus(Drive d, String id, String status) {
        return awaitFile(d, id, "processing_status " + status, j -> status.equals(j.getString("processing_status")));
    }

    static void await(String what, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(30);
        boolean ok = false;
        while (!ok && Instant.now().isBefore(deadline)) {
            ok = condition.getAsBoolean();
            if (!ok) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        assertThat(ok).as(what).isTrue();
    }

    /** An uploaded image: its id and the SHA-256 of its content. */
    record Uploaded(String id, String sha256) {
        UUID fileId() {
            return UUID.fromString(id);
        }
    }

    static Uploaded upload(Drive d, String name, byte[] bytes) {
        String id = BytesTest.upload(d, name, bytes, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        return new Uploaded(id, BytesTest.sha256(bytes));
    }

    /** A PNG-looking file no other test uploads. */
    static byte[] uniquePng() {
        byte[] b = BytesTest.png(4000);
        byte[] tail = new byte[64];
        RANDOM.nextBytes(tail);
        System.arraycopy(tail, 0, b, b.length - tail.length, tail.length);
        return b;
    }
}
