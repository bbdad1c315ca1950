package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** depot.blobstore.s3.redirect-downloads: signed links answer with a 302 to the bucket's presigned URL. */
@QuarkusTest
@TestProfile(S3RedirectTest.Redirecting.class)
class S3RedirectTest {

    public static class Redirecting implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3ProxyServer.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("depot.blobstore.s3.redirect-downloads", "true");
        }
    }

    @Test
    void aSignedLinkRedirectsToAPresignedUrlThatServesTheBytesAsFilesServiceWould() throws Exception {
        Drive d = new Drive();
        byte[] html = "<html>not to be rendered</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String id = BytesTest.upload(d, "page.html", html, "text/plain", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        String url = d.as().get("/api/cdn/files/" + id + "/download/").path("download_url");

        Response redirect = given().redirects().follow(false).get(url);
        redirect.then().statusCode(302).header("Cache-Control", "no-store");
        URI location = URI.create(redirect.header("Location"));
        assertThat(location.getHost()).isEqualTo("127.0.0.1");
        assertThat(location.getQuery()).contains("X-Amz-Signature=");

        HttpResponse<byte[]> fromBucket = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(location).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fromBucket.statusCode()).isEqualTo(200);
        assertThat(fromBucket.body()).isEqualTo(html);
        // A page is still never shown inline, and its type is what files-service detected.
        assertThat(fromBucket.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("attachment; filename=\"page.html\""));
        assertThat(fromBucket.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));

        // A client holding the bytes is still answered here; a tampered link still is not redirected.
        given().redirects()
                .follow(false)
                .header("If-None-Match", "\"" + BytesTest.sha256(html) + "\"")
                .get(url)
                .then()
                .statusCode(304);
        given().redirects()
                .follow(false)
                .get(url.replaceAll("sig=[^&]+", "sig=AAAA"))
                .then()
                .statusCode(403);
    }
}
