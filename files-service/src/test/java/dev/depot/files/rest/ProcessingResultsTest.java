package dev.depot.files.rest;

import static dev.depot.files.rest.Processing.awaitFile;
import static dev.depot.files.rest.Processing.awaitStatus;
import static dev.depot.files.rest.Processing.awaitTaken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.depot.blobstore.BlobStore;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.files.rest.Processing.Image;
import dev.depot.files.rest.Processing.Uploaded;
import dev.depot.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** processing-worker's events, as they arrive on depot.processing, change what the file's view says. */
@QuarkusTest
class ProcessingResultsTest {

    @Inject
    BlobStore blobs;

    @Test
    void aCompletedResultFillsTheFieldsAndTheViewLinksThumbnailAndPreview() {
        Drive d = new Drive();
        Uploaded f = Processing.upload(d, "photo.png", Processing.uniquePng());
        d.as().get("/api/cdn/files/" + f.id() + "/")
                .then()
                .statusCode(200)
                .body("processing_status", equalTo("pending"))
                .body("thumbnail_url", nullValue())
                .body("preview_url", nullValue())
                .body("width", nullValue());

        Image thumb = Processing.jpeg(blobs, 900);
        Image preview = Processing.jpeg(blobs, 3000);
        Processing.sendCompleted(Processing.completed(f.fileId(), d.user, f.sha256(), thumb, preview));

        JsonPath view = awaitStatus(d, f.id(), "completed");
        assertThat(view.getBoolean("is_processed")).isTrue();
        assertThat(view.getString("thumbnail_url")).isEqualTo("/api/cdn/files/" + f.id() + "/thumbnail/");
        assertThat(view.getString("preview_url")).isEqualTo("/api/cdn/files/" + f.id() + "/preview/");
        assertThat(view.getInt("width")).isEqualTo(4000);
        assertThat(view.getInt("height")).isEqualTo(3000);
        assertThat(OffsetDateTime.parse(view.getString("taken_at")).toInstant())
                .isEqualTo(Instant.parse("2024-05-01T10:15:30Z"));
        assertThat(view.getString("processing_error")).isNull();
        assertThat(view.getString("page_count")).isNull();
        // The listing shows the same.
        d.as().get("/api/cdn/files/")
                .then()
                .statusCode(200)
                .body("results[0].thumbnail_url", equalTo("/api/cdn/files/" + f.id() + "/thumbnail/"))
                .body("results[0].processing_status", equalTo("completed"));
    }

    @Test
    void aResultForOtherContentThanTheFileHasNowIsIgnored() {
        Drive d = new Drive();
        Uploaded f = Processing.upload(d, "photo.png", Processing.uniquePng());
        String olderContent = Drive.randomSha();
        UUID completed = Processing.sendCompleted(
                Processing.completed(f.fileId(), d.user, olderContent, Processing.jpeg(blobs, 500), null));
        UUID failed = Processing.send(
                EventTypes.PROCESSING_FAILED, Processing.failed(f.fileId(), d.user, olderContent, "corrupt"));
        awaitTaken(completed);
        awaitTaken(failed);

        d.as().get("/api/cdn/files/" + f.id() + "/")
                .then()
                .statusCode(200)
                .body("processing_status", equalTo("pending"))
                .body("is_processed", equalTo(false))
                .body("thumbnail_url", nullValue())
                .body("width", nullValue())
                .body("processing_error", nullValue());
    }

    @Test
    void aRedeliveredEventIsAppliedOnlyOnce() {
        Drive d = new Drive();
        Uploaded f = Processing.upload(d, "photo.png", Processing.uniquePng());
        CloudEvent done = Processing.event(
                EventTypes.PROCESSING_COMPLETED,
                Processing.completed(f.fileId(), d.user, f.sha256(), Processing.jpeg(blobs, 700), null));
        Processing.send(done);
        awaitStatus(d, f.id(), "completed");

        d.as().post("/api/cdn/files/" + f.id() + "/reprocess/").then().statusCode(202);
        // The same event again (a redelivery), then one that is taken but changes nothing, to know when it passed.
        Processing.send(done);
        UUID marker = Processing.send(
                EventTypes.PROCESSING_FAILED, Processing.failed(f.fileId(), d.user, Drive.randomSha(), "marker"));
        awaitTaken(marker);

        d.as().get("/api/cdn/files/" + f.id() + "/")
                .then()
                .statusCode(200)
                .body("processing_status", equalTo("pending"))
                .body("is_processed", equalTo(false));
    }

    @Test
    void aStartedDeliveredLateDoesNotUndoAFinishedResult() {
        Drive d = new Drive();
        Uploaded f = Processing.upload(d, "photo.png", Processing.uniquePng());
        Processing.send(EventTypes.PROCESSING_STARTED, Processing.started(f.fileId(), d.user, f.sha256()));
        awaitStatus(d, f.id(), "processing");
        Processing.sendCompleted(
                Processing.completed(f.fileId(), d.user, f.sha256(), Processing.jpeg(blobs, 600), null));
        awaitStatus(d, f.id(), "completed");

        UUID late = Processing.send(EventTypes.PROCESSING_STARTED, Processing.started(f.fileId(), d.user, f.sha256()));
        awaitTaken(late);
        d.as().get("/api/cdn/files/" + f.id() + "/")
                .then()
                .statusCode(200)
                .body("processing_status", equalTo("completed"))
                .body("is_processed", equalTo(true))
                .body("thumbnail_url", equalTo("/api/cdn/files/" + f.id() + "/thumbnail/"));
    }

    @Test
    void aFailureRecordsItsReasonAndALaterCompletionClearsIt() {
        Drive d = new Drive();
        Uploaded f = Processing.upload(d, "huge.png", Processing.uniquePng());
        Processing.send(
                EventTypes.PROCESSING_FAILED,
                Processing.failed(f.fileId(), d.user, f.sha256(), "image is 40000x40000 pixels: over the limit"));
        JsonPath view = awaitStatus(d, f.id(), "failed");
        assertThat(view.getString("processing_error")).isEqualTo("image is 40000x40000 pixels: over the limit");
        assertThat(view.getBoolean("is_processed")).isFalse();
        assertThat(view.getString("thumbnail_url")).isNull();

        Processing.sendCompleted(
                Processing.completed(f.fileId(), d.user, f.sha256(), Processing.jpeg(blobs, 600), null));
        view = awaitStatus(d, f.id(), "completed");
        assertThat(view.getString("processing_error")).isNull();
        assertThat(view.getBoolean("is_processed")).isTrue();
    }

    @Test
    void aSkippedTypeIsProcessedWithoutImagesAndTextGetsOnlyItsPreview() {
        Drive d = new Drive();
        Uploaded f = Processing.upload(d, "photo.png", Processing.uniquePng());
        Processing.sendCompleted(
                ProcessingPayload.of(f.fileId(), d.user, f.sha256(), "skipped", "nothing is made for this type"));
        JsonPath view = awaitStatus(d, f.id(), "skipped");
        assertThat(view.getBoolean("is_processed")).isTrue();
        assertThat(view.getString("thumbnail_url")).isNull();
        assertThat(view.getString("preview_url")).isNull();

        Uploaded text = Processing.upload(d, "notes.png", Processing.uniquePng());
        Processing.sendCompleted(new ProcessingPayload(
                text.fileId(),
                d.user,
                text.sha256(),
                "completed",
                null,
                null,
                null,
                null,
                null,
                null,
                "Dear diary",
                null,
                3L));
        view = awaitStatus(d, text.id(), "completed");
        assertThat(view.getString("text_preview")).isEqualTo("Dear diary");
        assertThat(view.getString("thumbnail_url")).isNull();
        assertThat(view.getString("width")).isNull();
    }

    @Test
    void anUnreadableEventGoesToTheDeadLetterTopicAndTheNextOneIsStillApplied() {
        Drive d = new Drive();
        Uploaded f = Processing.upload(d, "photo.png", Processing.uniquePng());
        TestKafka.send(Topics.PROCESSING, f.id(), "{this is not an event");
        // A completed that is not completed or skipped, and a result for a file that does not exist.
        Processing.sendCompleted(ProcessingPayload.of(f.fileId(), d.user, f.sha256(), "exploded", null));
        UUID unknown =
                Processing.sendCompleted(Processing.completed(UUID.randomUUID(), d.user, f.sha256(), null, null));
        Processing.sendCompleted(
                Processing.completed(f.fileId(), d.user, f.sha256(), Processing.jpeg(blobs, 600), null));

        awaitStatus(d, f.id(), "completed");
        awaitTaken(unknown);
        List<String> dead =
                TestKafka.valuesWithKey("depot.dlq.files", f.id(), 2, Duration.ofSeconds(20), Duration.ofSeconds(1));
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0)).isEqualTo("{this is not an event");
        assertThat(EventCodec.read(dead.get(1)).type()).isEqualTo(EventTypes.PROCESSING_COMPLETED);
    }

    @Test
    void newContentForgetsWhatWasMadeOfTheOldOne() {
        Drive d = new Drive();
        byte[] first = Processing.uniquePng();
        Uploaded f = Processing.upload(d, "photo.png", first);
        completeWithEverything(d, f.id(), f.sha256());

        // PUT /content
        byte[] second = Processing.uniquePng();
        given(d).multiPart("file", "photo.png", second, "image/png")
                .put("/api/cdn/files/" + f.id() + "/content")
                .then()
                .statusCode(200)
                .body("file.processing_status", equalTo("pending"))
                .body("file.thumbnail_url", nullValue());
        assertReset(d, f.id());

        // Version restore
        completeWithEverything(d, f.id(), BytesTest.sha256(second));
        d.as().post("/api/cdn/files/" + f.id() + "/versions/1/restore/")
                .then()
                .statusCode(200)
                .body("file.processing_status", equalTo("pending"));
        assertReset(d, f.id());

        // Overwriting upload
        completeWithEverything(d, f.id(), f.sha256());
        given(d).multiPart("file", "photo.png", Processing.uniquePng(), "image/png")
                .post("/api/cdn/files/upload/?overwrite=true")
                .then()
                .statusCode(200);
        assertReset(d, f.id());

        // The old content's result, arriving late, changes nothing.
        UUID late = Processing.sendCompleted(
                Processing.completed(f.fileId(), d.user, f.sha256(), Processing.jpeg(blobs, 500), null));
        awaitTaken(late);
        assertReset(d, f.id());
    }

    /** Every processing field set: a completed result with everything, then a failed retry keeping it. */
    private void completeWithEverything(Drive d, String id, String sha) {
        Processing.sendCompleted(new ProcessingPayload(
                UUID.fromString(id),
                d.user,
                sha,
                "completed",
                Processing.jpeg(blobs, 500).sha256(),
                Processing.jpeg(blobs, 800).sha256(),
                10,
                20,
                Instant.parse("2020-01-01T00:00:00Z"),
                3,
                "text",
                null,
                1L));
        awaitFile(
                d,
                id,
                "completed for " + sha,
                j -> "completed".equals(j.getString("processing_status")) && j.getString("thumbnail_url") != null);
        Processing.send(EventTypes.PROCESSING_FAILED, Processing.failed(UUID.fromString(id), d.user, sha, "retry"));
        JsonPath view = awaitStatus(d, id, "failed");
        assertThat(view.getString("processing_error")).isEqualTo("retry");
        assertThat(view.getString("preview_url")).isNotNull();
        assertThat(view.getInt("page_count")).isEqualTo(3);
    }

    private static void assertReset(Drive d, String id) {
        d.as().get("/api/cdn/files/" + id + "/")
                .then()
                .statusCode(200)
                .body("processing_status", equalTo("pending"))
                .body("is_processed", equalTo(false))
                .body("thumbnail_url", nullValue())
                .body("preview_url", nullValue())
                .body("width", nullValue())
                .body("height", nullValue())
                .body("taken_at", nullValue())
                .body("page_count", nullValue())
                .body("text_preview", nullValue())
                .body("processing_error", nullValue());
    }

    private static io.restassured.specification.RequestSpecification given(Drive d) {
        return io.restassured.RestAssured.given().auth().oauth2(d.token);
    }
}
