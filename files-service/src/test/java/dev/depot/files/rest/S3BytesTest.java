package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.depot.blobstore.BlobStore;
import dev.depot.blobstore.S3BlobStore;
import dev.depot.files.service.BlobCollector;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Uploads and CDN downloads with the blobs in a real S3 server (S3Proxy), streamed through files-service. */
@QuarkusTest
@TestProfile(S3BytesTest.InS3.class)
class S3BytesTest {

    public static class InS3 implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3ProxyServer.class));
        }
    }

    @Inject
    BlobStore blobs;

    @Inject
    BlobCollector collector;

    @Test
    void uploadsGoToTheBucketAndSignedLinksStreamThemWithCdnBehaviour() {
        assertThat(blobs).isInstanceOf(S3BlobStore.class);
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(3 * 1024 * 1024 + 17); // many 256 KiB chunks, and a short last one
        String sha = BytesTest.sha256(bytes);
        String id = BytesTest.upload(d, "big.png", bytes, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        assertThat(blobs.exists(sha)).isTrue();
        assertThat(blobs.localPath(sha)).isEmpty();
        assertThat(blobs.describe(sha)).startsWith("s3://files-");
        String url = d.as().get("/api/cdn/files/" + id + "/download/").path("download_url");

        Response full = given().get(url);
        full.then()
                .statusCode(200)
                .header("ETag", "\"" + sha + "\"")
                .header("Content-Length", String.valueOf(bytes.length))
                .header("Content-Type", "image/png")
                .header("Content-Disposition", containsString("inline; filename=\"big.png\""));
        assertThat(full.asByteArray()).isEqualTo(bytes);

        Response first = given().header("Range", "bytes=0-0").get(url);
        first.then().statusCode(206).header("Content-Range", "bytes 0-0/" + bytes.length);
        assertThat(first.asByteArray()).containsExactly(bytes[0]);
        Response last = given().header("Range", "bytes=-1").get(url);
        last.then().statusCode(206);
        assertThat(last.asByteArray()).containsExactly(bytes[bytes.length - 1]);
        Response middle = given().header("Range", "bytes=1000000-1999999").get(url);
        middle.then().statusCode(206).header("Content-Length", "1000000");
        assertThat(middle.asByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 1_000_000, 2_000_000));
        given().header("Range", "bytes=" + bytes.length + "-").get(url).then().statusCode(416);
        given().header("If-None-Match", "\"" + sha + "\"").get(url).then().statusCode(304);
        given().head(url).then().statusCode(200).header("Content-Length", String.valueOf(bytes.length));

        // The owner's own stream of the content goes the same way.
        assertThat(given().auth()
                        .oauth2(d.token)
                        .get("/api/cdn/files/" + id + "/content")
                        .asByteArray())
                .isEqualTo(bytes);
    }

    @Test
    void bytesDeletedForGoodLeaveTheBucketWithTheCollector() throws Throwable {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(5000);
        String sha = BytesTest.sha256(bytes);
        String id = BytesTest.upload(d, "gone.png", bytes, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        // Still referenced: the collector leaves it, however old.
        VertxContextSupport.subscribeAndAwait(() -> collector.collect(Duration.ZERO));
        assertThat(blobs.exists(sha)).isTrue();

        d.as().delete("/api/cdn/files/" + id + "/").then().statusCode(200);
        d.as().delete("/api/cdn/trash/" + id + "/").then().statusCode(200);
        Thread.sleep(1100); // S3's Last-Modified has whole seconds: the blob must be older than "now"
        VertxContextSupport.subscribeAndAwait(() -> collector.collect(Duration.ZERO));

        assertThat(blobs.exists(sha)).isFalse();
        String url = "/api/cdn/files/" + id + "/download/";
        d.as().get(url).then().statusCode(404);
    }
}
