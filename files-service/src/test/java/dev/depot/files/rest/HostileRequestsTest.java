package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Requests that are broken or hostile in their shape rather than their names: malformed multipart
 * bodies, paging parameters that are not numbers, If-Range validators that do not match, and
 * external URLs that must not turn Depot's origin into a redirector.
 */
@QuarkusTest
class HostileRequestsTest {

    @TestHTTPResource("/")
    URI base;

    static final List<String> UPLOAD_ROUTES = List.of(
            "/api/cdn/files/upload/",
            "/api/files/upload",
            "/api/cdn/folders/upload/",
            "/api/folders/upload",
            "/api/cdn/upload-0x0/");

    @Test
    void malformedMultipartBodiesAre400InTheEnvelopeAndStoreNothing() {
        Drive d = new Drive();
        byte[] wellFormed =
                new RawMultipart().file("file", "a.png", BytesTest.png(500)).end();
        Map<String, byte[]> bodies = new java.util.LinkedHashMap<>();
        bodies.put("garbage", "this is not a multipart body at all".getBytes(StandardCharsets.UTF_8));
        bodies.put("truncated", Arrays.copyOf(wellFormed, wellFormed.length - 40));
        bodies.put("empty", new byte[0]);
        bodies.put("no parts", ("--" + RawMultipart.BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        bodies.put(
                "a part that is not the base64 it says",
                ("--" + RawMultipart.BOUNDARY + "\r\n"
                                + "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                                + "Content-Transfer-Encoding: base64\r\n\r\n!!not*base64\r\n--" + RawMultipart.BOUNDARY
                                + "--\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        bodies.put(
                "a part without a name",
                ("--" + RawMultipart.BOUNDARY + "\r\n"
                                + "Content-Disposition: form-data; filename=\"a.txt\"\r\n\r\nhello\r\n--"
                                + RawMultipart.BOUNDARY
                                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.png\"\r\n\r\nhello\r\n--"
                                + RawMultipart.BOUNDARY + "--\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        for (String route : UPLOAD_ROUTES) {
            bodies.forEach((what, body) -> refused(
                    route + " (" + what + ")", RawMultipart.post(base, route, d.token, RawMultipart.type(), body)));
            refused(
                    route + " (wrong boundary)",
                    RawMultipart.post(
                            base, route, d.token, "multipart/form-data; boundary=something-else", wellFormed));
            refused(
                    route + " (no boundary)",
                    RawMultipart.post(base, route, d.token, "multipart/form-data", wellFormed));
        }
        for (String type : List.of(
                "a/b/c",
                "multipart",
                ";;",
                "multipart/form-data; boundary=\"unclosed",
                "multipart/form-data; boundary=")) {
            HttpResponse<String> r = RawMultipart.post(base, "/api/cdn/files/upload/", d.token, type, wellFormed);
            assertThat(r.statusCode()).as(type + ": " + r.body()).isBetween(400, 499);
            assertThat(JsonPath.from(r.body()).getBoolean("success")).as(type).isFalse();
        }
        d.as().get("/api/cdn/files/").then().body("count", equalTo(0));
        d.as().get("/api/cdn/folders/").then().body("count", equalTo(0));
        d.as().get("/api/cdn/storage/").then().body("total_used", equalTo(0));
        // The same route still takes a good body.
        HttpResponse<String> ok =
                RawMultipart.post(base, "/api/cdn/files/upload/", d.token, RawMultipart.type(), wellFormed);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    }

    /**
     * Only the gateway should send X-Forwarded-*, and it always sends them well formed; sent to the
     * service directly, a malformed one is ignored (links are built from Host), never a 500 or a request
     * left unanswered.
     */
    @Test
    void malformedForwardedHeadersSentDirectlyAreIgnored() {
        Drive d = new Drive();
        d.folder("one", null);
        d.folder("two", null);
        Map<String, String> malformed = Map.of(
                "X-Forwarded-Host",
                "a b",
                "X-Forwarded-Proto",
                "",
                "X-Forwarded-For",
                "",
                "X-Forwarded-Prefix",
                "/../x y");
        malformed.forEach((name, value) -> {
            String next = d.as().header(name, value)
                    .get("/api/cdn/folders/?page_size=1")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("next");
            assertThat(next)
                    .as(name)
                    .startsWith("http://" + base.getHost() + ":" + base.getPort() + "/api/cdn/folders/?");
        });
        d.as().header("X-Forwarded-For", "not an address, 10.0.0.1")
                .get("/api/cdn/folders/")
                .then()
                .statusCode(200);
    }

    private static void refused(String what, HttpResponse<String> r) {
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(400);
        JsonPath json = JsonPath.from(r.body());
        assertThat(json.getBoolean("success")).as(what).isFalse();
        assertThat(json.getString("error")).as(what).isEqualTo("ValidationError");
        assertThat(json.getString("message")).as(what).isNotBlank();
    }

    @Test
    void pageParametersThatAreNotPositiveWholeNumbersAre400NamingThem() {
        Drive d = new Drive();
        String folder = d.folder("one", null);
        d.file("one.pdf", folder);
        // Starred files, the root and a folder's contents are plain arrays, not paged: only these are.
        for (String path : List.of("/api/cdn/files/", "/api/cdn/folders/", "/api/cdn/trash/")) {
            d.as().queryParam("page", "abc")
                    .get(path)
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("ValidationError"))
                    .body("details", hasKey("page"));
            d.as().queryParam("page_size", "abc")
                    .get(path)
                    .then()
                    .statusCode(400)
                    .body("details", hasKey("page_size"));
            d.as().queryParam("page", -1).get(path).then().statusCode(400).body("details", hasKey("page"));
            d.as().queryParam("page", 0).get(path).then().statusCode(400).body("details", hasKey("page"));
            d.as().queryParam("page", "99999999999")
                    .get(path)
                    .then()
                    .statusCode(400)
                    .body("details", hasKey("page"));
            d.as().queryParam("page_size", "1.5")
                    .get(path)
                    .then()
                    .statusCode(400)
                    .body("details", hasKey("page_size"));
            d.as().queryParam("page", 999999999).get(path).then().statusCode(200);
        }
        d.as().queryParam("page", 999999999)
                .get("/api/cdn/files/")
                .then()
                .body("count", equalTo(1))
                .body("results.size()", equalTo(0))
                .body("next", nullValue());
        d.as().queryParam("limit", "abc")
                .get("/api/cdn/files/recent/")
                .then()
                .statusCode(400)
                .body("details", hasKey("limit"));
        InternalApiTest.service()
                .queryParam("page", "abc")
                .get("/internal/shared/folder/" + folder + "/contents")
                .then()
                .statusCode(400)
                .body("details", hasKey("page"));
    }

    @Test
    void ifRangeServesThePartOnlyWhileTheValidatorStillMatches() throws InterruptedException {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(4000);
        String id = given().auth()
                .oauth2(d.token)
                .multiPart("file", "r.png", bytes, "image/png")
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        String etag = "\"" + BytesTest.sha256(bytes) + "\"";
        String url = d.as().get("/api/cdn/files/" + id + "/download/").path("download_url");
        // A Last-Modified is a validator once it is a second old (a change within its second keeps it).
        Thread.sleep(1100);
        Response full = given().get(url);
        String lastModified = full.header("Last-Modified");
        assertThat(lastModified).isNotNull();
        String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .minusDays(1));

        for (var route : List.<java.util.function.Function<Map<String, String>, Response>>of(
                h -> given().headers(h).get(url),
                h -> given().auth().oauth2(d.token).headers(h).get("/api/cdn/files/" + id + "/content"))) {
            partial(route.apply(Map.of("Range", "bytes=10-19", "If-Range", etag)), bytes);
            partial(route.apply(Map.of("Range", "bytes=10-19", "If-Range", lastModified)), bytes);
            whole(route.apply(Map.of("Range", "bytes=10-19", "If-Range", "\"someone-elses-etag\"")), bytes);
            whole(route.apply(Map.of("Range", "bytes=10-19", "If-Range", "W/" + etag)), bytes);
            whole(route.apply(Map.of("Range", "bytes=10-19", "If-Range", earlier)), bytes);
            whole(route.apply(Map.of("Range", "bytes=10-19", "If-Range", "not a validator")), bytes);
        }

        // A transfer ticket's range requests follow the same rule.
        String ticket = TransferTicketTest.ticketUrl(id, UUID.randomUUID());
        partial(
                given().header("User-Agent", TransferTicketTest.AGENT)
                        .header("Range", "bytes=10-19")
                        .header("If-Range", etag)
                        .get(ticket),
                bytes);
        whole(
                given().header("User-Agent", TransferTicketTest.AGENT)
                        .header("Range", "bytes=10-19")
                        .header("If-Range", "\"stale\"")
                        .get(ticket),
                bytes);
    }

    @Test
    void aUserAgentWithControlCharactersNeverFailsATransfer() throws Exception {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(2000);
        String id = given().auth()
                .oauth2(d.token)
                .multiPart("file", "ua.png", bytes, "image/png")
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        String ticket = TransferTicketTest.ticketUrl(id, UUID.randomUUID());
        try (java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort())) {
            s.getOutputStream()
                    .write(("GET " + ticket + " HTTP/1.1\r\nHost: x\r\nUser-Agent: evil\u0000agent\u0001\r\n"
                                    + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            String status = new java.io.BufferedReader(
                            new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            assertThat(status).as("status line").matches("HTTP/1.1 (200|400) .*");
        }
    }

    private static void partial(Response r, byte[] bytes) {
        r.then().statusCode(206).header("Content-Range", "bytes 10-19/" + bytes.length);
        assertThat(r.asByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
    }

    private static void whole(Response r, byte[] bytes) {
        r.then()
                .statusCode(200)
                .header("Content-Range", nullValue())
                .header("Content-Length", String.valueOf(bytes.length));
        assertThat(r.asByteArray()).isEqualTo(bytes);
    }

    @Test
    void anExternalUrlIsARedirectTargetOnlyOnAHostTheOperatorAllowed() {
        Drive d = new Drive();
        String evil = registered(d, "phish.pdf", "https://evil.example/phish");
        String lookalike = registered(d, "lookalike.pdf", "https://cdn.allowed.test.evil.example/x.pdf");
        String allowed = registered(d, "allowed.pdf", "https://CDN.allowed.test/files/allowed.pdf");

        d.as().get("/api/cdn/files/" + evil + "/download/")
                .then()
                .statusCode(200)
                .body("download_url", equalTo("https://evil.example/phish"))
                .body("external", equalTo(true))
                .body("redirect", equalTo(false));
        for (String path : List.of("/signed-url", "/transfer-ticket")) {
            Map<String, Object> body = Map.of("share_id", UUID.randomUUID().toString());
            InternalApiTest.service()
                    .body(body)
                    .post("/internal/shared/file/" + evil + "/files/" + evil + path)
                    .then()
                    .body("download_url", equalTo("https://evil.example/phish"))
                    .body("external", equalTo(true))
                    .body("redirect", equalTo(false));
            InternalApiTest.service()
                    .body(body)
                    .post("/internal/shared/file/" + lookalike + "/files/" + lookalike + path)
                    .then()
                    .body("redirect", equalTo(false));
            InternalApiTest.service()
                    .body(body)
                    .post("/internal/shared/file/" + allowed + "/files/" + allowed + path)
                    .then()
                    .body("external", equalTo(true))
                    .body("redirect", equalTo(true));
        }
        // What cannot be parsed as a URL (and so could not be handed on) is not registered.
        for (String bad : List.of("https://evil.example/{x}", "https://exa mple.com/", "https:///no-host")) {
            Map<String, Object> body = new HashMap<>();
            body.put("filename", "bad.pdf");
            body.put("file_size", 100);
            body.put("mime_type", "application/pdf");
            body.put("cdn_url", bad);
            d.as().body(body)
                    .post("/api/cdn/files/upload/")
                    .then()
                    .statusCode(400)
                    .body("details", hasKey("cdn_url"));
        }
        // Bytes kept here are Depot's own URL: always a redirect target.
        String kept = given().auth()
                .oauth2(d.token)
                .multiPart("file", "k.png", BytesTest.png(300), "image/png")
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        d.as().get("/api/cdn/files/" + kept + "/download/")
                .then()
                .body("external", equalTo(false))
                .body("redirect", equalTo(true));
    }

    private static String registered(Drive d, String name, String url) {
        Map<String, Object> body = new HashMap<>();
        body.put("filename", name);
        body.put("file_size", 100);
        body.put("mime_type", "application/pdf");
        body.put("sha256_hash", Drive.randomSha());
        body.put("cdn_url", url);
        return d.as().body(body)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
