package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.blobstore.BlobStore;
import dev.depot.files.service.LeftoverCleanup;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Bytes on disk always have an owner: a row, a request still in progress, or a live resumable upload. */
@QuarkusTest
class UnownedBytesTest {

    @Inject
    BlobStore blobs;

    @Inject
    LeftoverCleanup cleanup;

    @TestHTTPResource("/")
    URI base;

    @Test
    void anUploadWhoseRowFailsAfterItsBytesAreStoredLeavesNoBlobAndNoTemporaryFile() {
        Drive d = new Drive();
        BytesTest.upload(d, "taken.png", BytesTest.png(4000), "image/png", null)
                .then()
                .statusCode(201);
        byte[] refused = BytesTest.png(4001);
        // The name is checked in the row's transaction, after the bytes went into the blob store.
        BytesTest.upload(d, "taken.png", refused, "image/png", null).then().statusCode(409);
        assertThat(blobs.exists(BytesTest.sha256(refused))).isFalse();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFailedUploadKeepsTheBlobWhenAnotherFileHasTheSameBytes() {
        Drive d = new Drive();
        byte[] shared = BytesTest.png(4100);
        BytesTest.upload(d, "elsewhere.png", shared, "image/png", d.folder("kept", null))
                .then()
                .statusCode(201);
        BytesTest.upload(d, "name.png", BytesTest.png(4101), "image/png", null)
                .then()
                .statusCode(201);
        BytesTest.upload(d, "name.png", shared, "image/png", null).then().statusCode(409);
        assertThat(blobs.exists(BytesTest.sha256(shared))).isTrue();
        Drive other = new Drive();
        String id = BytesTest.upload(other, "mine.png", shared, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        assertThat(given().auth()
                        .oauth2(other.token)
                        .get("/api/cdn/files/" + id + "/content")
                        .asByteArray())
                .isEqualTo(shared);
    }

    @Test
    void aFolderUploadThatFailsLeavesNoneOfItsBlobs() {
        Drive d = new Drive();
        d.folder("Album", null);
        byte[] a = BytesTest.png(4200);
        byte[] b = BytesTest.png(4201);
        given().auth()
                .oauth2(d.token)
                .multiPart("Album/a.png", "a.png", a, "image/png")
                .multiPart("Album/x/b.png", "b.png", b, "image/png")
                .post("/api/cdn/folders/upload/")
                .then()
                .statusCode(409);
        assertThat(blobs.exists(BytesTest.sha256(a))).isFalse();
        assertThat(blobs.exists(BytesTest.sha256(b))).isFalse();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anUploadCutOffMidBodyLeavesNoSpooledFileWithinSeconds() throws Exception {
        Drive d = new Drive();
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            String boundary = "cut" + UUID.randomUUID();
            out.write(("POST /api/cdn/files/upload/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + d.token
                            + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                            + "\r\nContent-Length: 3000000\r\n\r\n--" + boundary
                            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.bin\"\r\n"
                            + "Content-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1_000_000]);
            out.flush();
            assertThat(eventually(() -> !spooled().isEmpty()))
                    .as("the body is being spooled")
                    .isTrue();
        }
        assertThat(eventually(() -> spooled().isEmpty()))
                .as("spooled files gone: %s", spooled())
                .isTrue();
        d.as().get("/api/cdn/files/").then().body("count", equalTo(0));
    }

    @Test
    void leftoversOfAStoppedRunAreRemovedAtStartButLiveResumableUploadsStay() throws Exception {
        Drive d = new Drive();
        String live = given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", 10)
                .post("/api/cdn/uploads/")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        String liveId = live.substring(live.lastIndexOf('/') + 1);
        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Path spooled = plant(blobs.temporaryDirectory().resolve("spool").resolve("crashed-" + UUID.randomUUID()), null);
        Path temporary = plant(blobs.temporaryFile(), null);
        UUID expired = UUID.randomUUID();
        Path expiredPart = plant(blobs.temporaryDirectory().resolve("tus-" + expired + ".part"), longAgo);
        Path expiredInfo = plant(blobs.temporaryDirectory().resolve("tus-" + expired + ".json"), longAgo);
        Path halfWritten = plant(blobs.temporaryDirectory().resolve("tus-" + UUID.randomUUID() + ".part"), null);
        String sha = BytesTest.sha256(("discarding " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        Path discarding =
                plant(blobs.temporaryDirectory().resolve("discarding-" + sha + "-" + UUID.randomUUID()), null);

        int removed = cleanup.removeLeftovers(Instant.now().plusSeconds(1));

        assertThat(removed).isGreaterThanOrEqualTo(5);
        for (Path gone : List.of(spooled, temporary, expiredPart, expiredInfo, halfWritten, discarding)) {
            assertThat(gone).doesNotExist();
        }
        // A live resumable upload has nothing here any more (its row and parts are elsewhere): it stays.
        assertThat(liveId).isNotBlank();
        given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .head(live)
                .then()
                .statusCode(200)
                .header("Upload-Offset", "0");
        // A blob caught mid-discard goes back: whether anything still needs it is the collector's question.
        assertThat(blobs.exists(sha)).isTrue();
        blobs.delete(sha);
    }

    @Test
    void aBlobIsDiscardedOnlyByTheLastUploadThatPutIt() throws Exception {
        byte[] bytes = ("put twice " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String sha = BytesTest.sha256(bytes);
        FileTime first = blobs.put(plantBytes(bytes), sha);
        FileTime second = blobs.put(plantBytes(bytes), sha);
        assertThat(first).isNotNull().isNotEqualTo(second);
        assertThat(blobs.discard(sha, first)).isFalse();
        assertThat(blobs.exists(sha)).isTrue();
        assertThat(blobs.discard(sha, second)).isTrue();
        assertThat(blobs.exists(sha)).isFalse();
        assertThat(leftovers()).isEmpty();
    }

    private Path plantBytes(byte[] bytes) throws Exception {
        Path p = blobs.temporaryFile();
        Files.write(p, bytes);
        return p;
    }

    private static Path plant(Path p, FileTime modified) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "left behind");
        if (modified != null) {
            Files.setLastModifiedTime(p, modified);
        }
        return p;
    }

    /** Files in the temporary directory other than resumable uploads (other tests may have live ones). */
    private List<Path> leftovers() {
        try (Stream<Path> files = Files.walk(blobs.temporaryDirectory())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("tus-"))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Path> spooled() {
        try (Stream<Path> files = Files.list(blobs.temporaryDirectory().resolve("spool"))) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
