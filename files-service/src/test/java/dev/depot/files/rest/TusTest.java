package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.events.payload.UserPayload;
import dev.depot.files.Shares;
import dev.depot.testing.TestKafka;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** tus 1.0: create, learn the offset, append in pieces, resume after a cut, finish into a file. */
@QuarkusTest
class TusTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool db;

    @Test
    void anUploadInPiecesSurvivesACutAndBecomesAFile() throws Exception {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(300_000);
        given().auth()
                .oauth2(d.token)
                .options("/api/cdn/uploads/")
                .then()
                .statusCode(204)
                .header("Tus-Version", "1.0.0")
                .header("Tus-Extension", "creation,termination,expiration");

        String location = create(d, bytes.length, "resumed.png")
                .then()
                .statusCode(201)
                .header("Tus-Resumable", "1.0.0")
                .extract()
                .header("Location");
        String path = URI.create(location).getPath();
        assertThat(offset(d, path)).isZero();

        patch(d, path, 0, Arrays.copyOfRange(bytes, 0, 100_000))
                .then()
                .statusCode(204)
                .header("Upload-Offset", "100000");
        patch(d, path, 5, Arrays.copyOfRange(bytes, 0, 10)).then().statusCode(409);

        // The connection drops halfway through the next piece: what arrived is kept.
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("PATCH " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + d.token
                            + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 100000\r\n"
                            + "Content-Type: application/offset+octet-stream\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 100_000, 50_000);
            out.flush();
            Thread.sleep(300);
        }
        long resumeAt = awaitOffsetSettles(d, path);
        assertThat(resumeAt).isBetween(100_000L, 150_000L);

        Response last = patch(d, path, resumeAt, Arrays.copyOfRange(bytes, (int) resumeAt, bytes.length));
        last.then().statusCode(204).header("Upload-Offset", String.valueOf(bytes.length));
        String fileId = last.header("Depot-File-Id");
        d.as().get("/api/cdn/files/" + fileId + "/")
                .then()
                .statusCode(200)
                .body("filename", equalTo("resumed.png"))
                .body("file_size", equalTo(bytes.length))
                .body("sha256", equalTo(BytesTest.sha256(bytes)));
        assertThat(given().auth()
                        .oauth2(d.token)
                        .get("/api/cdn/files/" + fileId + "/content")
                        .asByteArray())
                .isEqualTo(bytes);
        // Complete, the upload still answers, with the file it became: what a client whose last PATCH went
        // unanswered asks, by HEAD or by sending that PATCH (empty, at the full length) again.
        given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .head(path)
                .then()
                .statusCode(200)
                .header("Upload-Offset", String.valueOf(bytes.length))
                .header("Depot-File-Id", fileId);
        patch(d, path, bytes.length, new byte[0])
                .then()
                .statusCode(204)
                .header("Upload-Offset", String.valueOf(bytes.length))
                .header("Depot-File-Id", fileId);
        d.as().get("/api/cdn/files/").then().body("count", equalTo(1));
    }

    @Test
    void uploadsAreTheirOwnersAndTerminable() {
        Drive d = new Drive();
        String path = URI.create(
                        create(d, 10, "x.bin").then().statusCode(201).extract().header("Location"))
                .getPath();
        given().auth()
                .oauth2(new Drive().token)
                .header("Tus-Resumable", "1.0.0")
                .head(path)
                .then()
                .statusCode(404);
        given().auth().oauth2(d.token).head(path).then().statusCode(412);
        given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .delete(path)
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .head(path)
                .then()
                .statusCode(404);
        create(d, 4 * 1024 * 1024 + 1, "big.bin").then().statusCode(413);
        given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .post("/api/cdn/uploads/")
                .then()
                .statusCode(400);
    }

    @Test
    void aTakenNameIs409AtCreationBeforeAnyByteAndNoUploadIsOpened() throws IOException {
        Drive d = new Drive();
        String folder = d.folder("docs", null);
        BytesTest.upload(d, "report.png", BytesTest.png(400), "image/png", folder)
                .then()
                .statusCode(201);
        BytesTest.upload(d, "root.png", BytesTest.png(401), "image/png", null)
                .then()
                .statusCode(201);

        create(d, 10, "report.png", "folder_id", folder)
                .then()
                .statusCode(409)
                .header("Location", nullValue())
                .body("error", equalTo("Conflict"))
                .body("details.name", equalTo("already exists in this folder"));
        create(d, 10, "report.png", "folder_id", folder, "conflict", "fail")
                .then()
                .statusCode(409);
        create(d, 10, "root.png").then().statusCode(409);
        assertThat(openUploadsOf(d)).isZero();
        // Only a live file in that very folder takes the name.
        create(d, 10, "report.png").then().statusCode(201);
        create(d, 10, "root.png", "folder_id", folder).then().statusCode(201);
    }

    @Test
    void replaceMakesTheBytesTheExistingFilesNewVersion() {
        Drive d = new Drive();
        String folder = d.folder("docs", null);
        byte[] v1 = BytesTest.png(1000);
        byte[] v2 = BytesTest.png(2000);
        String id = BytesTest.upload(d, "doc.png", v1, "image/png", folder)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        d.as().get("/api/cdn/files/" + id + "/").then().body("versions_count", equalTo(0));

        String path = location(create(d, v2.length, "doc.png", "folder_id", folder, "conflict", "replace"));
        Response done = patch(d, path, 0, v2);
        done.then().statusCode(204).header("Depot-File-Id", id);
        d.as().get("/api/cdn/files/" + id + "/")
                .then()
                .statusCode(200)
                .body("versions_count", equalTo(1))
                .body("file_size", equalTo(2000))
                .body("sha256", equalTo(BytesTest.sha256(v2)));
        assertThat(given().auth()
                        .oauth2(d.token)
                        .get("/api/cdn/files/" + id + "/content")
                        .asByteArray())
                .isEqualTo(v2);
        d.as().get("/api/cdn/files/?folder_id=" + folder).then().body("count", equalTo(1));

        // With no file of that name, replace makes a new one.
        String fresh = location(create(d, 300, "new.png", "conflict", "replace"));
        String newId = patch(d, fresh, 0, BytesTest.png(300))
                .then()
                .statusCode(204)
                .extract()
                .header("Depot-File-Id");
        assertThat(newId).isNotEqualTo(id);
    }

    @Test
    void renameKeepsBothEvenForTheSameContent() {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(500);
        String first = BytesTest.upload(d, "same.png", bytes, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");

        String path = location(create(d, bytes.length, "same.png", "conflict", "rename"));
        String second =
                patch(d, path, 0, bytes).then().statusCode(204).extract().header("Depot-File-Id");
        assertThat(second).isNotEqualTo(first);
        d.as().get("/api/cdn/files/" + second + "/")
                .then()
                .body("filename", equalTo("same (2).png"))
                .body("sha256", equalTo(BytesTest.sha256(bytes)));
        d.as().get("/api/cdn/files/")
                .then()
                .body("count", equalTo(2))
                .body("results.filename", hasItems("same.png", "same (2).png"));
    }

    @Test
    void anUploadDescribedBeforeConflictExistedResumesAsFail() throws IOException {
        Drive d = new Drive();
        BytesTest.upload(d, "old.png", BytesTest.png(600), "image/png", null)
                .then()
                .statusCode(201);
        byte[] bytes = BytesTest.png(700);
        String path = location(create(d, bytes.length, "old.png", "conflict", "rename"));
        // As an upload opened before the field existed: without conflict.
        db.query("UPDATE tus_upload SET conflict = NULL WHERE id = '" + path.substring(path.lastIndexOf('/') + 1) + "'")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10));
        assertThat(offset(d, path)).isZero();
        patch(d, path, 0, bytes).then().statusCode(409).body("details.name", equalTo("already exists in this folder"));
        d.as().get("/api/cdn/files/").then().body("count", equalTo(1));
    }

    @Test
    void anUnknownConflictIs400NamingIt() {
        Drive d = new Drive();
        create(d, 10, "x.png", "conflict", "overwrite")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"))
                .body("details.conflict", containsString("fail"));
    }

    @Test
    void moreThanTheRemainingQuotaIs413AtCreation() throws Exception {
        Drive d = new Drive();
        TestKafka.send(
                Topics.INTERNAL_AUTH,
                d.user.toString(),
                EventCodec.write(CloudEvent.of(
                        "depot/auth-service",
                        "user.registered",
                        d.user.toString(),
                        d.user,
                        EventCodec.toData(new UserPayload(d.user, "t", "t@example.com", "password", 1000L)))));
        Shares.await(
                "quota learnt",
                () -> ((Number) d.as().get("/api/cdn/storage/").path("total_available")).intValue(),
                1000);
        BytesTest.upload(d, "a.png", BytesTest.png(600), "image/png", null)
                .then()
                .statusCode(201);

        create(d, 401, "b.png")
                .then()
                .statusCode(413)
                .body("error", equalTo("PayloadTooLarge"))
                .body("message", containsString("600 of 1000 bytes used"));
        assertThat(openUploadsOf(d)).isZero();
        create(d, 400, "b.png").then().statusCode(201);
    }

    private static Response create(Drive d, long length, String filename, String... moreMetadata) {
        StringBuilder meta = new StringBuilder("filename " + b64(filename));
        for (int i = 0; i < moreMetadata.length; i += 2) {
            meta.append(',').append(moreMetadata[i]).append(' ').append(b64(moreMetadata[i + 1]));
        }
        return given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", length)
                .header("Upload-Metadata", meta.toString())
                .post("/api/cdn/uploads/");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String location(Response created) {
        return URI.create(created.then().statusCode(201).extract().header("Location"))
                .getPath();
    }

    /** The uploads opened for the user: their rows. */
    private long openUploadsOf(Drive d) {
        return db.query("SELECT count(*) FROM tus_upload WHERE owner_id = '" + d.user + "'")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
    }

    private static Response patch(Drive d, String path, long offset, byte[] bytes) {
        return given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", offset)
                .contentType("application/offset+octet-stream")
                .body(bytes)
                .patch(path);
    }

    private static long offset(Drive d, String path) {
        return Long.parseLong(given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .head(path)
                .then()
                .statusCode(200)
                .extract()
                .header("Upload-Offset"));
    }

    private static long awaitOffsetSettles(Drive d, String path) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 20; i++) {
            long now = offset(d, path);
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(200);
        }
        return last;
    }
}
