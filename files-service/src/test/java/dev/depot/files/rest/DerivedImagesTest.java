package dev.depot.files.rest;

import static dev.depot.files.rest.Processing.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.depot.blobstore.BlobStore;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.events.payload.FilePayload;
import dev.depot.files.rest.Processing.Image;
import dev.depot.files.rest.Processing.Uploaded;
import dev.depot.files.service.BlobCollector;
import dev.depot.files.storage.UrlSigner;
import dev.depot.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Thumbnails and previews served like file bytes, reprocessing on request, and their blobs' lifetime. */
@QuarkusTest
class DerivedImagesTest {

    @Inject
    BlobStore blobs;

    @Inject
    BlobCollector collector;

    @Inject
    UrlSigner signer;

    /** An uploaded file with a thumbnail and a preview made of it. */
    private record Processed(Uploaded file, Image thumbnail, Image preview) {}

    private Processed processed(Drive d, String name) {
        Uploaded f = Processing.upload(d, name, Processing.uniquePng());
        Image thumb = Processing.jpeg(blobs, 2000);
        Image preview = Processing.jpeg(blobs, 9000);
        Processing.sendCompleted(Processing.completed(f.fileId(), d.user, f.sha256(), thumb, preview));
        awaitStatus(d, f.id(), "completed");
        return new Processed(f, thumb, preview);
    }

    @Test
    void theOwnerGetsThumbnailAndPreviewWithEtagsRangesAnd304() {
        Drive d = new Drive();
        Processed p = processed(d, "holiday.png");
        String thumbUrl = "/api/cdn/files/" + p.file().id() + "/thumbnail/";

        Response thumb = given().auth().oauth2(d.token).get(thumbUrl);
        thumb.then()
                .statusCode(200)
                .header("Content-Type", "image/jpeg")
                .header("ETag", "\"" + p.thumbnail().sha256() + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", containsString("private"))
                .header("Accept-Ranges", "bytes")
                .header("Content-Length", "2000")
                .header("Content-Disposition", containsString("inline; filename=\"holiday-thumbnail.jpg\""));
        assertThat(thumb.asByteArray()).isEqualTo(p.thumbnail().bytes());

        given().auth()
                .oauth2(d.token)
                .header("If-None-Match", "\"" + p.thumbnail().sha256() + "\"")
                .get(thumbUrl)
                .then()
                .statusCode(304);
        // The file's own ETag is not the thumbnail's.
        given().auth()
                .oauth2(d.token)
                .header("If-None-Match", "\"" + p.file().sha256() + "\"")
                .get(thumbUrl)
                .then()
                .statusCode(200);
        Response part =
                given().auth().oauth2(d.token).header("Range", "bytes=100-199").get(thumbUrl);
        part.then().statusCode(206).header("Content-Range", "bytes 100-199/2000");
        assertThat(part.asByteArray())
                .isEqualTo(Arrays.copyOfRange(p.thumbnail().bytes(), 100, 200));
        // If-Range: the thumbnail's own ETag gets the part; the file's ETag, or any date, gets it whole.
        given().auth()
                .oauth2(d.token)
                .header("Range", "bytes=100-199")
                .header("If-Range", "\"" + p.thumbnail().sha256() + "\"")
                .get(thumbUrl)
                .then()
                .statusCode(206);
        given().auth()
                .oauth2(d.token)
                .header("Range", "bytes=100-199")
                .header("If-Range", "\"" + p.file().sha256() + "\"")
                .get(thumbUrl)
                .then()
                .statusCode(200)
                .header("Content-Length", "2000");
        given().auth()
                .oauth2(d.token)
                .header("Range", "bytes=100-199")
                .header("If-Range", "Sun, 06 Nov 1994 08:49:37 GMT")
                .get(thumbUrl)
                .then()
                .statusCode(200)
                .header("Content-Length", "2000");

        Response preview =
                given().auth().oauth2(d.token).get("/api/cdn/files/" + p.file().id() + "/preview");
        preview.then()
                .statusCode(200)
                .header("Content-Type", "image/jpeg")
                .header("ETag", "\"" + p.preview().sha256() + "\"");
        assertThat(preview.asByteArray()).isEqualTo(p.preview().bytes());
    }

    @Test
    void someoneWithViewAccessGetsThemAStrangerGets404() {
        Drive owner = new Drive();
        Drive viewer = new Drive();
        Drive stranger = new Drive();
        Processed p = processed(owner, "shared.png");
        SharedAccessTest.grant(owner, "file", p.file().id(), viewer, "view");

        Response thumb = given().auth()
                .oauth2(viewer.token)
                .get("/api/cdn/files/" + p.file().id() + "/thumbnail/");
        thumb.then().statusCode(200).header("ETag", "\"" + p.thumbnail().sha256() + "\"");
        assertThat(thumb.asByteArray()).isEqualTo(p.thumbnail().bytes());
        given().auth()
                .oauth2(viewer.token)
                .get("/api/cdn/files/" + p.file().id() + "/preview/")
                .then()
                .statusCode(200);

        given().auth()
                .oauth2(stranger.token)
                .get("/api/cdn/files/" + p.file().id() + "/thumbnail/")
                .then()
                .statusCode(404)
                .body("error", equalTo("ResourceNotFound"));
        given().auth()
                .oauth2(stranger.token)
                .get("/api/cdn/files/" + p.file().id() + "/preview/")
                .then()
                .statusCode(404);
        given().get("/api/cdn/files/" + p.file().id() + "/thumbnail/").then().statusCode(401);
    }

    @Test
    void noImageYetIs404SayingSo() {
        Drive d = new Drive();
        Uploaded f = Processing.upload(d, "fresh.png", Processing.uniquePng());
        d.as().get("/api/cdn/files/" + f.id() + "/thumbnail/")
                .then()
                .statusCode(404)
                .body("error", equalTo("ResourceNotFound"))
                .body("message", containsString("has no thumbnail"))
                .body("details.processing_status", equalTo("pending"));
        // A text file gets no images at all.
        Processing.sendCompleted(new dev.depot.events.payload.ProcessingPayload(
                f.fileId(), d.user, f.sha256(), "completed", null, null, null, null, null, null, "words", null, 1L));
        awaitStatus(d, f.id(), "completed");
        d.as().get("/api/cdn/files/" + f.id() + "/preview/")
                .then()
                .statusCode(404)
                .body("message", containsString("has no preview"));
    }

    @Test
    void aSharedFilesViewCarriesSignedImageUrlsThatServeAnyoneUntilTheyExpire() {
        Drive d = new Drive();
        String folder = d.folder("public", null);
        byte[] png = Processing.uniquePng();
        String id = BytesTest.upload(d, "beach.png", png, "image/png", folder)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        Uploaded f = new Uploaded(id, BytesTest.sha256(png));
        Image thumb = Processing.jpeg(blobs, 2000);
        Image preview = Processing.jpeg(blobs, 9000);
        Processing.sendCompleted(Processing.completed(f.fileId(), d.user, f.sha256(), thumb, preview));
        awaitStatus(d, id, "completed");
        // A file processed into a text preview and no images.
        byte[] scan = Processing.uniquePng();
        Uploaded text = new Uploaded(
                BytesTest.upload(d, "scan.png", scan, "image/png", folder)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("file.id"),
                BytesTest.sha256(scan));
        Processing.sendCompleted(new dev.depot.events.payload.ProcessingPayload(
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
                "words",
                null,
                1L));
        awaitStatus(d, text.id(), "completed");

        // What sharing-service shows a public link's visitor: the folder's page and the file alone.
        JsonPath listing = InternalApiTest.service()
                .get("/internal/shared/folder/" + folder + "/contents")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> listed = listing.getMap("files.results.find { it.id == '" + id + "' }");
        Map<String, Object> listedText = listing.getMap("files.results.find { it.id == '" + text.id() + "' }");
        JsonPath alone = InternalApiTest.service()
                .get("/internal/shared/folder/" + folder + "/files/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (Map<String, Object> view : List.of(listed, alone.<String, Object>getMap("$"))) {
            assertThat((String) view.get("thumbnail_url")).startsWith("/cdn/r/" + id + "/thumbnail?exp=");
            assertThat((String) view.get("preview_url")).startsWith("/cdn/r/" + id + "/preview?exp=");
            assertThat(view)
                    .containsEntry("width", 4000)
                    .containsEntry("height", 3000)
                    .containsEntry("processing_status", "completed")
                    .containsKeys("page_count", "text_preview")
                    .doesNotContainKeys("owner", "sha256", "storage_path", "cdn_url");
        }
        assertThat(listedText)
                .containsEntry("thumbnail_url", null)
                .containsEntry("preview_url", null)
                .containsEntry("text_preview", "words");

        // No session needed; cached for the URL's hour, privately.
        String thumbUrl = (String) listed.get("thumbnail_url");
        Response image = given().get(thumbUrl);
        image.then()
                .statusCode(200)
                .header("Content-Type", "image/jpeg")
                .header("Cache-Control", "private, max-age=3600")
                .header("ETag", "\"" + thumb.sha256() + "\"");
        assertThat(image.asByteArray()).isEqualTo(thumb.bytes());
        assertThat(given().get((String) listed.get("preview_url"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray())
                .isEqualTo(preview.bytes());
        given().header("If-None-Match", "\"" + thumb.sha256() + "\"")
                .get(thumbUrl)
                .then()
                .statusCode(304);

        long exp = Long.parseLong(thumbUrl.replaceAll(".*[?&]exp=(\\d+).*", "$1"));
        String sig = thumbUrl.replaceAll(".*[?&]sig=([^&]+).*", "$1");
        assertThat(exp).isGreaterThanOrEqualTo(Instant.now().getEpochSecond() + 3500);
        String forged = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        given().get("/cdn/r/" + id + "/thumbnail?exp=" + exp + "&sig=" + forged)
                .then()
                .statusCode(404)
                .body("error", equalTo("ResourceNotFound"));
        // The signature covers its expiry, its kind and its file.
        given().get("/cdn/r/" + id + "/thumbnail?exp=" + (exp + 1) + "&sig=" + sig)
                .then()
                .statusCode(404);
        given().get("/cdn/r/" + id + "/preview?exp=" + exp + "&sig=" + sig)
                .then()
                .statusCode(404);
        given().get("/cdn/r/" + text.id() + "/thumbnail?exp=" + exp + "&sig=" + sig)
                .then()
                .statusCode(404);
        given().get("/cdn/r/" + id + "/original?exp=" + exp + "&sig="
                        + signer.signRendition(f.fileId(), "original", exp))
                .then()
                .statusCode(404);
        given().get("/cdn/r/" + id + "/thumbnail").then().statusCode(404);
        long past = Instant.now().getEpochSecond() - 1;
        given().get("/cdn/r/" + id + "/thumbnail?exp=" + past + "&sig="
                        + signer.signRendition(f.fileId(), "thumbnail", past))
                .then()
                .statusCode(404);
        // Rightly signed, but the worker made no image of it.
        given().get("/cdn/r/" + text.id() + "/thumbnail?exp=" + exp + "&sig="
                        + signer.signRendition(text.fileId(), "thumbnail", exp))
                .then()
                .statusCode(404);
        // A trashed file's images are no longer served.
        d.as().delete("/api/cdn/files/" + id + "/").then().statusCode(200);
        given().get(thumbUrl).then().statusCode(404);
    }

    @Test
    void lookingAtImagesIsNotADownload() {
        Drive d = new Drive();
        Processed p = processed(d, "seen.png");
        given().auth()
                .oauth2(d.token)
                .get("/api/cdn/files/" + p.file().id() + "/thumbnail/")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(d.token)
                .get("/api/cdn/files/" + p.file().id() + "/preview/")
                .then()
                .statusCode(200);
        d.as().get("/api/cdn/files/" + p.file().id() + "/").then().body("last_accessed", nullValue());
        List<String> types =
                TestKafka.valuesWithKey(Topics.FILES, p.file().id(), 1, Duration.ofSeconds(20), Duration.ofSeconds(1))
                        .stream()
                        .map(v -> EventCodec.read(v).type())
                        .toList();
        assertThat(types).containsExactly("file.uploaded");
    }

    @Test
    void reprocessingIsAcceptedSetsPendingAndIsAnnounced() {
        Drive d = new Drive();
        Processed p = processed(d, "again.png");
        d.as().post("/api/cdn/files/" + p.file().id() + "/reprocess/")
                .then()
                .statusCode(202)
                .body("success", equalTo(true))
                .body("processing_status", equalTo("pending"));
        d.as().get("/api/cdn/files/" + p.file().id() + "/")
                .then()
                .body("processing_status", equalTo("pending"))
                .body("is_processed", equalTo(false))
                // Until the new result comes, what was made of the same content is still shown.
                .body("thumbnail_url", equalTo("/api/cdn/files/" + p.file().id() + "/thumbnail/"));

        List<CloudEvent> events =
                TestKafka.valuesWithKey(Topics.FILES, p.file().id(), 2, Duration.ofSeconds(20), Duration.ofSeconds(1))
                        .stream()
                        .map(EventCodec::read)
                        .toList();
        assertThat(events).extracting(CloudEvent::type).containsExactly("file.uploaded", "file.reprocess_requested");
        FilePayload requested = EventCodec.data(events.get(1), FilePayload.class);
        assertThat(requested.fileId()).isEqualTo(p.file().fileId());
        assertThat(requested.ownerId()).isEqualTo(d.user);
        assertThat(requested.sha256()).isEqualTo(p.file().sha256());
        assertThat(requested.mimeType()).isEqualTo("image/png");
    }

    @Test
    void onlyTheOwnerMayReprocess() {
        Drive owner = new Drive();
        Drive editor = new Drive();
        Uploaded f = Processing.upload(owner, "mine.png", Processing.uniquePng());
        SharedAccessTest.grant(owner, "file", f.id(), editor, "edit");
        editor.as().post("/api/cdn/files/" + f.id() + "/reprocess/").then().statusCode(404);
        new Drive()
                .as()
                .post("/api/cdn/files/" + f.id() + "/reprocess/")
                .then()
                .statusCode(404)
                .body("error", equalTo("ResourceNotFound"));
        owner.as()
                .post("/api/cdn/files/" + java.util.UUID.randomUUID() + "/reprocess/")
                .then()
                .statusCode(404);
        owner.as().delete("/api/cdn/files/" + f.id() + "/").then().statusCode(200);
        owner.as().post("/api/cdn/files/" + f.id() + "/reprocess/").then().statusCode(404);
    }

    @Test
    void aFileHostedElsewhereCannotBeReprocessed() {
        Drive d = new Drive();
        String id = d.file("elsewhere.pdf", null);
        d.as().post("/api/cdn/files/" + id + "/reprocess/")
                .then()
                .statusCode(409)
                .body("error", equalTo("Conflict"))
                .body("message", containsString("hosted elsewhere"));
        d.as().get("/api/cdn/files/" + id + "/").then().body("processing_status", equalTo("pending"));
        List<String> types =
                TestKafka.valuesWithKey(Topics.FILES, id, 1, Duration.ofSeconds(20), Duration.ofSeconds(1)).stream()
                        .map(v -> EventCodec.read(v).type())
                        .toList();
        assertThat(types).containsExactly("file.registered");
    }

    @Test
    void imagesOfAFileDeletedForGoodAreCollectedUnlessAnotherFileStillUsesThem() throws Throwable {
        Drive d = new Drive();
        Uploaded gone = Processing.upload(d, "gone.png", Processing.uniquePng());
        Uploaded kept = Processing.upload(d, "kept.png", Processing.uniquePng());
        Image goneThumb = Processing.jpeg(blobs, 1000);
        Image sharedPreview = Processing.jpeg(blobs, 3000);
        Image keptThumb = Processing.jpeg(blobs, 1001);
        Processing.sendCompleted(Processing.completed(gone.fileId(), d.user, gone.sha256(), goneThumb, sharedPreview));
        Processing.sendCompleted(Processing.completed(kept.fileId(), d.user, kept.sha256(), keptThumb, sharedPreview));
        awaitStatus(d, gone.id(), "completed");
        awaitStatus(d, kept.id(), "completed");

        d.as().delete("/api/cdn/files/" + gone.id() + "/").then().statusCode(200);
        VertxContextSupport.subscribeAndAwait(() -> collector.collect(Duration.ZERO));
        assertThat(blobs.exists(goneThumb.sha256()))
                .as("a trashed file keeps its images")
                .isTrue();

        d.as().delete("/api/cdn/trash/" + gone.id() + "/").then().statusCode(200);
        VertxContextSupport.subscribeAndAwait(() -> collector.collect(Duration.ZERO));
        assertThat(blobs.exists(goneThumb.sha256())).isFalse();
        assertThat(blobs.exists(gone.sha256())).isFalse();
        assertThat(blobs.exists(sharedPreview.sha256()))
                .as("still the other file's preview")
                .isTrue();
        assertThat(blobs.exists(keptThumb.sha256())).isTrue();
        assertThat(blobs.exists(kept.sha256())).isTrue();
        given().auth()
                .oauth2(d.token)
                .get("/api/cdn/files/" + kept.id() + "/thumbnail/")
                .then()
                .statusCode(200);
    }

    @Test
    void imagesOfReplacedContentAreCollected() throws Throwable {
        Drive d = new Drive();
        Processed p = processed(d, "changing.png");
        given().auth()
                .oauth2(d.token)
                .multiPart("file", "changing.png", Processing.uniquePng(), "image/png")
                .put("/api/cdn/files/" + p.file().id() + "/content")
                .then()
                .statusCode(200);
        VertxContextSupport.subscribeAndAwait(() -> collector.collect(Duration.ZERO));
        assertThat(blobs.exists(p.thumbnail().sha256())).isFalse();
        assertThat(blobs.exists(p.preview().sha256())).isFalse();
        assertThat(blobs.exists(p.file().sha256())).as("kept as version 1").isTrue();
        d.as().get("/api/cdn/files/" + p.file().id() + "/thumbnail/").then().statusCode(404);
    }
}
