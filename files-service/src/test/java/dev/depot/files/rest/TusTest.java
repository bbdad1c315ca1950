package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** tus 1.0: create, learn the offset, append in pieces, resume after a cut, finish into a file. */
@QuarkusTest
class TusTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void anUploadInPiecesSurvivesACutAndBecomesAFile() throws Exception {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(300_000);
        given().auth().oauth2(d.token).options("/api/cdn/uploads/").then().statusCode(204)
                .header("Tus-Version", "1.0.0").header("Tus-Extension", "creation,termination,expiration");

        String location = create(d, bytes.length, "resumed.png").then().statusCode(201)
                .header("Tus-Resumable", "1.0.0").extract().header("Location");
        String path = URI.create(location).getPath();
        assertThat(offset(d, path)).isZero();

        patch(d, path, 0, Arrays.copyOfRange(bytes, 0, 100_000)).then().statusCode(204)
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
        d.as().get("/api/cdn/files/" + fileId + "/").then().statusCode(200)
                .body("filename", equalTo("resumed.png")).body("file_size", equalTo(bytes.length))
                .body("sha256", equalTo(BytesTest.sha256(bytes)));
        assertThat(given().auth().oauth2(d.token).get("/api/cdn/files/" + fileId + "/content").asByteArray())
                .isEqualTo(bytes);
        given().auth().oauth2(d.token).header("Tus-Resumable", "1.0.0").head(path).then().statusCode(404);
    }

    @Test
    void uploadsAreTheirOwnersAndTerminable() {
        Drive d = new Drive();
        String path = URI.create(create(d, 10, "x.bin").then().statusCode(201).extract().header("Location")).getPath();
        given().auth().oauth2(new Drive().token).header("Tus-Resumable", "1.0.0").head(path).then().statusCode(404);
        given().auth().oauth2(d.token).head(path).then().statusCode(412);
        given().auth().oauth2(d.token).header("Tus-Resumable", "1.0.0").delete(path).then().statusCode(204);
        given().auth().oauth2(d.token).header("Tus-Resumable", "1.0.0").head(path).then().statusCode(404);
        create(d, 4 * 1024 * 1024 + 1, "big.bin").then().statusCode(413);
        given().auth().oauth2(d.token).header("Tus-Resumable", "1.0.0").post("/api/cdn/uploads/").then().statusCode(400);
    }

    private static Response create(Drive d, long length, String filename) {
        return given().auth().oauth2(d.token).header("Tus-Resumable", "1.0.0").header("Upload-Length", length)
                .header("Upload-Metadata", "filename " + Base64.getEncoder().encodeToString(filename.getBytes()))
                .post("/api/cdn/uploads/");
    }

    private static Response patch(Drive d, String path, long offset, byte[] bytes) {
        return given().auth().oauth2(d.token).header("Tus-Resumable", "1.0.0").header("Upload-Offset", offset)
                .contentType("application/offset+octet-stream").body(bytes).patch(path);
    }

    private static long offset(Drive d, String path) {
        return Long.parseLong(given().auth().oauth2(d.token).header("Tus-Resumable", "1.0.0").head(path)
                .then().statusCode(200).extract().header("Upload-Offset"));
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
