package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.blobstore.BlobStore;
import dev.depot.files.service.BlobCollector;
import dev.depot.files.storage.UrlSigner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Uploads stream into the blob store; signed links serve the bytes with CDN behaviour. */
@QuarkusTest
class BytesTest {

    /** The 8-byte PNG signature, then filler: enough for content detection. */
    static byte[] png(int size) {
        byte[] b = new byte[size];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(magic, 0, b, 0, magic.length);
        for (int i = magic.length; i < size; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    @Inject
    UrlSigner signer;

    @Inject
    BlobCollector collector;

    @Inject
    BlobStore blobs;

    @TestHTTPResource("/")
    URI base;

    @Test
    void anUploadIsHashedAndTypedByTheServerNotTheClient() throws Exception {
        Drive d = new Drive();
        byte[] bytes = png(50_000);
        upload(d, "holiday.txt", bytes, "text/plain", null)
                .then()
                .statusCode(201)
                .body("file.mime_type", equalTo("image/png"))
                .body("file.category", equalTo("images"))
                .body("file.file_size", equalTo(bytes.length))
                .body("file.sha256", equalTo(sha256(bytes)))
                .body("file.storage_path", equalTo(sha256(bytes)));
        assertThat(blobs.exists(sha256(bytes))).isTrue();
    }

    @Test
    void theSameBytesTwiceInOneFolderAre409AndElsewhereAreStoredOnce() {
        Drive d = new Drive();
        byte[] bytes = png(10_000);
        String first = upload(d, "a.png", bytes, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        upload(d, "b.png", bytes, "image/png", null)
                .then()
                .statusCode(409)
                .body("details.existing_file_id", equalTo(first));
        String other = d.folder("other", null);
        upload(d, "a.png", bytes, "image/png", other).then().statusCode(201);
        Drive someoneElse = new Drive();
        upload(someoneElse, "mine.png", bytes, "image/png", null).then().statusCode(201);
        assertThat(blobs.exists(sha256(bytes))).isTrue();
    }

    @Test
    void hostileFilenamesAreMadeSafe() {
        Drive d = new Drive();
        upload(d, "../../etc/passwd", png(100), "image/png", null)
                .then()
                .statusCode(201)
                .body("file.filename", equalTo("passwd"));
        upload(d, "CON.txt", png(101), "image/png", null)
                .then()
                .statusCode(201)
                .body("file.filename", equalTo("_CON.txt"));
        upload(d, "..\\..\\win.ini", png(102), "image/png", null)
                .then()
                .statusCode(201)
                .body("file.filename", equalTo("win.ini"));
    }

    @Test
    void noFileIs400AndTooLargeIs413() {
        Drive d = new Drive();
        given().auth()
                .oauth2(d.token)
                .multiPart("folder_id", "")
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(400)
                .body("message", equalTo("No file provided"));
        upload(d, "big.bin", new byte[4 * 1024 * 1024 + 1], "application/octet-stream", null)
                .then()
                .statusCode(413)
                .body("error", equalTo("PayloadTooLarge"));
        d.as().get("/api/cdn/files/").then().body("count", equalTo(0));
    }

    @Test
    void aSignedLinkServesRangesEtagsAndCdnHeaders() {
        Drive d = new Drive();
        byte[] bytes = png(20_000);
        String id = upload(d, "pic.png", bytes, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        Response link = d.as().get("/api/cdn/files/" + id + "/download/");
        link.then()
                .statusCode(200)
                .body("filename", equalTo("pic.png"))
                .body("size", equalTo(20_000))
                .body("mime_type", equalTo("image/png"));
        String url = link.path("download_url");
        assertThat(url).contains("/cdn/" + id + "/pic.png?exp=");

        Response full = given().get(url);
        full.then()
                .statusCode(200)
                .header("ETag", "\"" + sha256(bytes) + "\"")
                .header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Type", "image/png")
                .header("Content-Length", "20000")
                .header("Cache-Control", containsString("private, max-age="))
                .header("Content-Disposition", containsString("inline; filename=\"pic.png\""));
        assertThat(full.asByteArray()).isEqualTo(bytes);

        Response part = given().header("Range", "bytes=10-19").get(url);
        part.then().statusCode(206).header("Content-Range", "bytes 10-19/20000").header("Content-Length", "10");
        assertThat(part.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 10, 20));
        Response tail = given().header("Range", "bytes=-5").get(url);
        tail.then().statusCode(206).header("Content-Range", "bytes 19995-19999/20000");
        given().header("Range", "bytes=19990-")
                .get(url)
                .then()
                .statusCode(206)
                .header("Content-Range", "bytes 19990-19999/20000");
        given().header("Range", "bytes=20000-")
                .get(url)
                .then()
                .statusCode(416)
                .header("Content-Range", "bytes */20000");
        given().header("Range", "bytes=0-1,5-6").get(url).then().statusCode(200).header("Content-Length", "20000");
        given().header("If-None-Match", "\"" + sha256(bytes) + "\"")
                .get(url)
                .then()
                .statusCode(304);
        given().head(url).then().statusCode(200).header("Content-Length", "20000");
    }

    @Test
    void aTamperedOrExpiredLinkIs403() {
        Drive d = new Drive();
        byte[] bytes = png(1000);
        String id = upload(d, "x.png", bytes, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        String url = d.as().get("/api/cdn/files/" + id + "/download/").path("download_url");
        given().get(url.replaceAll("sig=[^&]+", "sig=AAAA"))
                .then()
                .statusCode(403)
                .body("error", equalTo("Forbidden"));
        given().get(url.replaceAll("exp=\\d+", "exp=9999999999")).then().statusCode(403);
        long past = Instant.now().minusSeconds(5).getEpochSecond();
        String expired =
                "/cdn/" + id + "/x.png?exp=" + past + "&sig=" + signer.sign(UUID.fromString(id), sha256(bytes), past);
        given().get(expired).then().statusCode(403);
    }

    @Test
    void pagesAndScriptsAreAlwaysDownloadedAndNonAsciiNamesSurvive() {
        Drive d = new Drive();
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        String id = upload(d, "page.html", html, "text/plain", null)
                .then()
                .statusCode(201)
                .body("file.mime_type", equalTo("text/html"))
                .extract()
                .path("file.id");
        d.as().body(java.util.Map.of("name", "évil page.html"))
                .patch("/api/cdn/files/" + id + "/")
                .then()
                .statusCode(200);
        String url = d.as().get("/api/cdn/files/" + id + "/download/").path("download_url");
        given().get(url)
                .then()
                .statusCode(200)
                .header("Content-Disposition", containsString("attachment; filename=\"_vil page.html\""))
                .header("Content-Disposition", containsString("filename*=UTF-8''%C3%A9vil%20page.html"))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void theOwnerStreamsContentOthersGet404() {
        Drive d = new Drive();
        byte[] bytes = png(3000);
        String id = upload(d, "mine.png", bytes, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        assertThat(given().auth()
                        .oauth2(d.token)
                        .get("/api/cdn/files/" + id + "/content")
                        .asByteArray())
                .isEqualTo(bytes);
        given().auth()
                .oauth2(new Drive().token)
                .get("/api/cdn/files/" + id + "/content")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(new Drive().token)
                .get("/api/cdn/files/" + id + "/download/")
                .then()
                .statusCode(404);
    }

    @Test
    void bytesDeletedForGoodAreCollectedUnlessAnotherFileUsesThem() throws Throwable {
        Drive d = new Drive();
        byte[] shared = png(7000);
        byte[] alone = png(7001);
        String a = upload(d, "a.png", shared, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        upload(d, "b.png", shared, "image/png", d.folder("elsewhere", null))
                .then()
                .statusCode(201);
        String c = upload(d, "c.png", alone, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        for (String id : new String[] {a, c}) {
            d.as().delete("/api/cdn/files/" + id + "/").then().statusCode(200);
            d.as().delete("/api/cdn/trash/" + id + "/").then().statusCode(200);
        }
        VertxContextSupport.subscribeAndAwait(() -> collector.collect(Duration.ZERO));
        assertThat(blobs.exists(sha256(shared))).isTrue();
        assertThat(blobs.exists(sha256(alone))).isFalse();
    }

    @Test
    void anUploadCutOffMidwayLeavesNoFileAndNoBytesAfterCollection() throws Throwable {
        Drive d = new Drive();
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            String boundary = "cutoff" + UUID.randomUUID();
            String head =
                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.bin\"\r\n"
                            + "Content-Type: application/octet-stream\r\n\r\n";
            out.write(("POST /api/cdn/files/upload/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + d.token
                            + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                            + "\r\nContent-Length: 3000000\r\n\r\n"
                            + head)
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1_000_000]);
            out.flush();
            Thread.sleep(300);
        }
        Thread.sleep(500);
        d.as().get("/api/cdn/files/").then().body("count", equalTo(0));
        VertxContextSupport.subscribeAndAwait(() -> collector.collect(Duration.ZERO));
        try (var left = Files.walk(blobs.temporaryDirectory())) {
            assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    static Response upload(Drive d, String name, byte[] bytes, String type, String folder) {
        var spec = given().auth().oauth2(d.token).multiPart("file", name, bytes, type);
        if (folder != null) {
            spec = spec.multiPart("folder_id", folder);
        }
        return spec.post("/api/cdn/files/upload/");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
