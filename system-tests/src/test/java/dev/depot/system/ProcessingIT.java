package dev.depot.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.testing.TestKafka;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Uploads become thumbnails through the real chain: files-service publishes file.uploaded, the worker
 * (a separate process) derives images into the shared blob store and publishes the result, and
 * files-service serves the thumbnail to whoever may see the file. The worker is killed mid-stream.
 */
@ExtendWith(SharedSuite.class)
class ProcessingIT {

    private static Suite suite;
    private static String gateway;

    @BeforeAll
    static void start() {
        suite = SharedSuite.suite();
        gateway = suite.url("gateway");
    }

    @Test
    void anUploadedPhotoGetsAThumbnailOnlyItsOwnerCanSee() throws Exception {
        String owner = register();
        String stranger = register();
        String id = upload(owner, "sunset.png", Photos.noisyPng(1600, 900, 1));
        Response file = Photos.awaitProcessed(gateway, owner, id);
        assertThat(file.<String>path("processing_status")).as(file.asString()).isEqualTo("completed");
        assertThat(file.<Integer>path("width")).isEqualTo(1600);
        String thumbnail = file.path("thumbnail_url");
        byte[] bytes = given().baseUri(gateway)
                .auth()
                .oauth2(owner)
                .get(thumbnail)
                .then()
                .statusCode(200)
                .contentType("image/jpeg")
                .extract()
                .asByteArray();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(img.getWidth()).isEqualTo(256);
        assertThat(img.getHeight()).isEqualTo(144);
        given().baseUri(gateway).auth().oauth2(stranger).get(thumbnail).then().statusCode(404);

        given().baseUri(gateway)
                .auth()
                .oauth2(owner)
                .post("/api/cdn/files/" + id + "/reprocess/")
                .then()
                .statusCode(202);
        Photos.awaitProcessed(gateway, owner, id);
    }

    @Test
    void aPublicLinksVisitorSeesThumbnailsAndPreviewsWithoutASession() throws Exception {
        String owner = register();
        String album = given().baseUri(gateway)
                .auth()
                .oauth2(owner)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Album"))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        byte[] harbour = Photos.noisyPng(800, 600, 7);
        String id = given().baseUri(gateway)
                .auth()
                .oauth2(owner)
                .multiPart("file", "harbour.png", harbour, "image/png")
                .multiPart("folder_id", album)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        Photos.awaitProcessed(gateway, owner, id).then().body("processing_status", equalTo("completed"));

        // Read as a visitor: no session, the links' pages as an API client reads them.
        Response listing = given().baseUri(gateway).get("/s/" + publicLink(owner, "folder", album));
        listing.then()
                .statusCode(200)
                .body("files.results[0].id", equalTo(id))
                .body("files.results[0].width", equalTo(800))
                .body("files.results[0].processing_status", equalTo("completed"));
        Response file = given().baseUri(gateway).get("/s/" + publicLink(owner, "file", id));
        file.then().statusCode(200).body("file.height", equalTo(600));
        String thumbnail = listing.path("files.results[0].thumbnail_url");
        assertThat(thumbnail).startsWith("/cdn/r/" + id + "/thumbnail?");
        assertThat(file.<String>path("file.thumbnail_url")).startsWith("/cdn/r/" + id + "/thumbnail?");
        assertThat(file.<String>path("file.preview_url")).startsWith("/cdn/r/" + id + "/preview?");

        byte[] bytes = given().baseUri(gateway)
                .get(thumbnail)
                .then()
                .statusCode(200)
                .contentType("image/jpeg")
                .header("Cache-Control", "private, max-age=3600")
                .extract()
                .asByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(bytes)).getWidth()).isEqualTo(256);
        given().baseUri(gateway)
                .get(file.<String>path("file.preview_url"))
                .then()
                .statusCode(200)
                .contentType("image/jpeg");
        // The signature is the thumbnail's: it opens nothing else.
        given().baseUri(gateway)
                .get(thumbnail.replace("/thumbnail?", "/preview?"))
                .then()
                .statusCode(404);
    }

    @Test
    void aWorkerKilledMidStreamLeavesNoJobUndoneAndNoneDoneTwiceDifferently() throws Exception {
        String owner = register();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(upload(owner, "noise-" + i + ".png", Photos.noisyPng(1800, 1200, 100 + i)));
        }
        // Kill the worker as soon as the first of these is done: the others are queued or mid-job.
        TestKafka.valuesWithKey(Topics.PROCESSING, ids.get(0), 2, Duration.ofSeconds(60), Duration.ZERO);
        // restart, not kill and start: a start that fails closes the whole suite, which other classes share.
        suite.restart("processing-worker");

        for (String id : ids) {
            Photos.awaitProcessed(gateway, owner, id).then().body("processing_status", equalTo("completed"));
            List<CloudEvent> completed =
                    TestKafka.valuesWithKey(Topics.PROCESSING, id, 1, Duration.ofSeconds(10), Duration.ZERO).stream()
                            .map(EventCodec::read)
                            .filter(e -> e.type().equals(EventTypes.PROCESSING_COMPLETED))
                            .toList();
            Set<UUID> distinct = completed.stream().map(CloudEvent::id).collect(Collectors.toSet());
            // A redelivered job republishes the very same event (same id), which files-service applies once.
            assertThat(distinct).as("completed events of " + id).hasSize(1);
        }
    }

    /** A public link's token; sharing-service may not have heard of the new user yet, so it is asked again. */
    private static String publicLink(String owner, String type, String id) {
        String[] token = new String[1];
        Eventually.eventually(() -> token[0] = given().baseUri(gateway)
                .auth()
                .oauth2(owner)
                .contentType(ContentType.JSON)
                .body(Map.of("resource_type", type, "resource_id", id, "is_public", true))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(201)
                .extract()
                .path("public_token"));
        return token[0];
    }

    private static String register() {
        String name = "pr" + UUID.randomUUID().toString().substring(0, 8);
        Response r = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("email", name + "@example.com", "username", name, "password", "a long enough passphrase"))
                .post("/api/auth/register");
        r.then().statusCode(201);
        return r.path("access_token");
    }

    private static String upload(String token, String name, byte[] bytes) {
        return given().baseUri(gateway)
                .auth()
                .oauth2(token)
                .multiPart("file", name, bytes, "image/png")
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
    }
}
