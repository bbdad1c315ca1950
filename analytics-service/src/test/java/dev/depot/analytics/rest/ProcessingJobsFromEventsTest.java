package dev.depot.analytics.rest;

import static dev.depot.analytics.Events.awaitGet;
import static dev.depot.analytics.Events.file;
import static dev.depot.analytics.Events.filePayload;
import static dev.depot.analytics.Events.get;
import static dev.depot.analytics.Events.now;
import static dev.depot.analytics.Events.processing;
import static dev.depot.analytics.Events.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.analytics.Events;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.ProcessingPayload;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Processing jobs from uploads and processing-worker's events, across topics and out of order. */
@QuarkusTest
class ProcessingJobsFromEventsTest {

    @Test
    void aJobIsQueuedByTheUploadAndFollowsTheWorkersEvents() {
        UUID user = UUID.randomUUID();
        OffsetDateTime t = now().minusMinutes(1);
        FilePayload photo = filePayload(user, UUID.randomUUID(), "cat.png", UUID.randomUUID(), 5000, "images");
        send(file(EventTypes.FILE_UPLOADED, photo, t));
        Response queued = awaitGet(user, "/api/cdn/processing/", r -> r.<Integer>path("count") == 1);
        assertThat(queued.<String>path("results[0].status")).isEqualTo("queued");
        assertThat(queued.<String>path("results[0].filename")).isEqualTo("cat.png");
        String id = queued.path("results[0].id");

        CloudEvent started = processing(
                EventTypes.PROCESSING_STARTED,
                ProcessingPayload.of(photo.fileId(), user, photo.sha256(), "processing", null),
                t.plusSeconds(1));
        Events.sendRaw(started, send(started));
        awaitGet(user, "/api/cdn/processing/" + id + "/", r -> "processing".equals(r.path("status")));
        send(processing(
                EventTypes.PROCESSING_COMPLETED,
                new ProcessingPayload(
                        photo.fileId(),
                        user,
                        photo.sha256(),
                        "completed",
                        "aa",
                        "bb",
                        640,
                        480,
                        Instant.parse("2024-05-01T10:00:00Z"),
                        null,
                        null,
                        null,
                        321L),
                t.plusSeconds(2)));
        Response done = awaitGet(user, "/api/cdn/processing/" + id + "/", r -> "completed".equals(r.path("status")));
        assertThat(done.<Map<String, Object>>jsonPath().getMap(""))
                .containsEntry("file_id", photo.fileId().toString())
                .containsEntry("runs", 1)
                .containsEntry("width", 640)
                .containsEntry("height", 480)
                .containsEntry("duration_ms", 321)
                .containsEntry("source_sha256", photo.sha256())
                .containsEntry("thumbnail_url", "/api/cdn/files/" + photo.fileId() + "/thumbnail/")
                .containsEntry("preview_url", "/api/cdn/files/" + photo.fileId() + "/preview/")
                .containsEntry("reason", null);
        assertThat(done.<String>path("taken_at")).startsWith("2024-05-01T10:00");
        assertThat(done.<String>path("finished_at")).isNotNull();
    }

    @Test
    void failuresAreKeptWithTheirReasonAndTheListFiltersByStatus() {
        UUID user = UUID.randomUUID();
        OffsetDateTime t = now().minusMinutes(1);
        FilePayload broken = filePayload(user, UUID.randomUUID(), "broken.png", UUID.randomUUID(), 10, "images");
        FilePayload fine = filePayload(user, UUID.randomUUID(), "fine.bin", UUID.randomUUID(), 10, "others");
        send(file(EventTypes.FILE_UPLOADED, broken, t));
        send(file(EventTypes.FILE_UPLOADED, fine, t));
        send(processing(
                EventTypes.PROCESSING_FAILED,
                ProcessingPayload.of(broken.fileId(), user, broken.sha256(), "failed", "not a PNG"),
                t.plusSeconds(2)));
        send(processing(
                EventTypes.PROCESSING_COMPLETED,
                ProcessingPayload.of(fine.fileId(), user, fine.sha256(), "skipped", "nothing to make for this type"),
                t.plusSeconds(2)));
        awaitGet(user, "/api/cdn/processing/?status=failed", r -> r.<Integer>path("count") == 1);
        Response failed = get(user, "/api/cdn/processing/?status=failed");
        assertThat(failed.<String>path("results[0].filename")).isEqualTo("broken.png");
        assertThat(failed.<String>path("results[0].reason")).isEqualTo("not a PNG");
        awaitGet(user, "/api/cdn/processing/?state=skipped", r -> r.<Integer>path("count") == 1);
        assertThat(get(user, "/api/cdn/processing/?file_id=" + fine.fileId()).<List<String>>path("results.status"))
                .containsExactly("skipped");
        get(user, "/api/cdn/processing/?status=exploded").then().statusCode(400);
        get(user, "/api/cdn/processing/?file_id=nope").then().statusCode(400);

        String id = failed.path("results[0].id");
        get(UUID.randomUUID(), "/api/cdn/processing/" + id + "/").then().statusCode(404);
        assertThat(get(UUID.randomUUID(), "/api/cdn/processing/").<Integer>path("count"))
                .isZero();
    }

    @Test
    void theWorkersResultWinsWhateverOrderTheTopicsDeliverIn() {
        UUID user = UUID.randomUUID();
        OffsetDateTime t = now().minusMinutes(1);
        FilePayload doc = filePayload(user, UUID.randomUUID(), "doc.pdf", UUID.randomUUID(), 10, "documents");
        // depot.processing is read independently of depot.files: the result may come before the start and the upload.
        send(processing(
                EventTypes.PROCESSING_COMPLETED,
                new ProcessingPayload(
                        doc.fileId(),
                        user,
                        doc.sha256(),
                        "completed",
                        "cc",
                        null,
                        100,
                        200,
                        null,
                        3,
                        "hello",
                        null,
                        50L),
                t.plusSeconds(2)));
        send(processing(
                EventTypes.PROCESSING_STARTED,
                ProcessingPayload.of(doc.fileId(), user, doc.sha256(), "processing", null),
                t.plusSeconds(1)));
        send(file(EventTypes.FILE_UPLOADED, doc, t));
        Response r = awaitGet(
                user,
                "/api/cdn/processing/",
                res -> res.<Integer>path("count") == 1
                        && Integer.valueOf(1).equals(res.path("results[0].runs"))
                        && "doc.pdf".equals(res.path("results[0].filename")));
        assertThat(r.<String>path("results[0].status")).isEqualTo("completed");
        assertThat(r.<Integer>path("results[0].page_count")).isEqualTo(3);
        // A reprocess request later on queues the same content again.
        send(file(EventTypes.FILE_REPROCESS_REQUESTED, doc, now()));
        awaitGet(user, "/api/cdn/processing/", res -> "queued".equals(res.path("results[0].status")));
    }
}
