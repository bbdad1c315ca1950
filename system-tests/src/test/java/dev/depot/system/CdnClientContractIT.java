package dev.depot.system;

import static dev.depot.system.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CDN client API, endpoint by endpoint, through the gateway: request bodies as docs/api.md gives
 * them, responses checked against the fields it lists, and each error status it names provoked once.
 */
@ExtendWith(SharedSuite.class)
class CdnClientContractIT {

    static final List<String> FOLDER_FIELDS = List.of("id", "name", "parent", "owner", "path", "is_root", "created_at");
    static final List<String> FILE_FIELDS = List.of(
            "id",
            "filename",
            "original_filename",
            "folder",
            "owner",
            "file_size",
            "mime_type",
            "file_extension",
            "storage_path",
            "cdn_url",
            "thumbnail_url",
            "preview_url",
            "is_processed",
            "processing_status",
            "created_at",
            "last_accessed");
    static final List<String> SHARE_FIELDS = List.of(
            "id",
            "resource_type",
            "resource_id",
            "owner",
            "shared_with_user",
            "permission_level",
            "is_public",
            "public_token",
            "expires_at",
            "download_limit",
            "download_count");

    private static String gateway;

    @BeforeAll
    static void start() {
        gateway = SharedSuite.suite().url("gateway");
    }

    record User(String id, String name, String token, String refreshToken) {
        RequestSpecification api() {
            return given().baseUri(gateway).auth().oauth2(token).contentType(ContentType.JSON);
        }
    }

    @Test
    void folders() {
        User u = register();
        // POST body as documented: {"name": "My Folder", "parent": null}
        Map<String, Object> body = new HashMap<>();
        body.put("name", "My Folder");
        body.put("parent", null);
        Response created = u.api().body(body).post("/api/cdn/folders/");
        created.then().statusCode(201);
        hasFields(created, "", FOLDER_FIELDS);
        String id = created.path("id");
        assertThat(created.<String>path("owner")).isEqualTo(u.id());
        assertThat(created.<String>path("path")).isEqualTo("/My Folder");

        u.api().get("/api/cdn/folders/").then().statusCode(200).body("results.id", hasItem(id));
        hasFields(
                u.api()
                        .get("/api/cdn/folders/" + id + "/")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response(),
                "",
                FOLDER_FIELDS);
        u.api()
                .body(Map.of("name", "Renamed"))
                .put("/api/cdn/folders/" + id + "/")
                .then()
                .statusCode(200)
                .body("name", equalTo("Renamed"));
        u.api()
                .body(Map.of("name", "Patched"))
                .patch("/api/cdn/folders/" + id + "/")
                .then()
                .statusCode(200)
                .body("path", equalTo("/Patched"));
        String child = u.api()
                .body(Map.of("name", "Child", "parent", id))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        u.api()
                .get("/api/cdn/folders/" + id + "/contents/")
                .then()
                .statusCode(200)
                .body("folders.id", hasItem(child));
        u.api().get("/api/cdn/folders/root/").then().statusCode(200).body("folders.id", hasItem(id));
        u.api().delete("/api/cdn/folders/" + id + "/").then().statusCode(200);
        u.api().get("/api/cdn/folders/root/").then().statusCode(200).body("folders.id", not(hasItem(id)));
    }

    @Test
    void filesRegisteredByTheDocumentedBody() {
        User u = register();
        String folder = mkdir(u, "Pictures");
        String sha = randomHex(32);
        Map<String, Object> body = new HashMap<>();
        body.put("filename", "example.jpg");
        body.put("original_filename", "IMG_001.jpg");
        body.put("cdn_url", "https://cdn.example.com/files/abc123.jpg");
        body.put("file_size", 1048576);
        body.put("mime_type", "image/jpeg");
        body.put("md5_hash", "d41d8cd98f00b204e9800998ecf8427e");
        body.put("sha256_hash", sha);
        body.put("folder_id", folder);
        Response created = u.api().body(body).post("/api/cdn/files/upload/");
        created.then().statusCode(201);
        hasFields(created, "", FILE_FIELDS);
        assertThat(created.<String>path("filename")).isEqualTo("example.jpg");
        assertThat(created.<String>path("original_filename")).isEqualTo("IMG_001.jpg");
        assertThat(created.<String>path("folder")).isEqualTo(folder);
        assertThat(created.<String>path("owner")).isEqualTo(u.id());
        assertThat(created.<String>path("cdn_url")).isEqualTo("https://cdn.example.com/files/abc123.jpg");
        assertThat(created.<Integer>path("file_size")).isEqualTo(1048576);
        assertThat(created.<String>path("file_extension")).isEqualTo("jpg");
        String id = created.path("id");

        // 409: the documented duplicate detection, by the provided hash.
        body.put("filename", "again.jpg");
        u.api()
                .body(body)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(409)
                .body("success", equalTo(false))
                .body("error", notNullValue());

        u.api()
                .queryParam("folder_id", folder)
                .get("/api/cdn/files/")
                .then()
                .statusCode(200)
                .body("results.id", hasItem(id));
        u.api()
                .queryParam("search", "examp")
                .get("/api/cdn/files/")
                .then()
                .statusCode(200)
                .body("results.id", hasItem(id));
        u.api()
                .queryParam("type", "images")
                .get("/api/cdn/files/")
                .then()
                .statusCode(200)
                .body("results.id", hasItem(id));
        u.api()
                .queryParam("type", "documents")
                .get("/api/cdn/files/")
                .then()
                .statusCode(200)
                .body("results.id", not(hasItem(id)));
        u.api()
                .queryParam("page", 1)
                .queryParam("page_size", 1000)
                .get("/api/cdn/files/")
                .then()
                .statusCode(200)
                .body("count", equalTo(1));
        hasFields(
                u.api()
                        .get("/api/cdn/files/" + id + "/")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response(),
                "",
                FILE_FIELDS);
        u.api()
                .body(Map.of("filename", "renamed.jpg"))
                .put("/api/cdn/files/" + id + "/")
                .then()
                .statusCode(200)
                .body("filename", equalTo("renamed.jpg"));
        u.api()
                .body(Map.of("filename", "patched.jpg"))
                .patch("/api/cdn/files/" + id + "/")
                .then()
                .statusCode(200)
                .body("filename", equalTo("patched.jpg"));
        u.api().post("/api/cdn/files/" + id + "/star/").then().statusCode(200);
        u.api().get("/api/cdn/files/starred/").then().statusCode(200).body("id", hasItem(id));
        u.api().get("/api/cdn/files/recent/").then().statusCode(200).body("id", hasItem(id));
        u.api().delete("/api/cdn/files/" + id + "/").then().statusCode(200);
        u.api().get("/api/cdn/trash/").then().statusCode(200).body("results.id", hasItem(id));
    }

    @Test
    void downloadAnswersTheDocumentedBodyAndTheUrlServesTheBytes() {
        User u = register();
        byte[] bytes = "the bytes of a file".getBytes(StandardCharsets.UTF_8);
        String id = given().baseUri(gateway)
                .auth()
                .oauth2(u.token())
                .multiPart("file", "notes.txt", bytes, "text/plain")
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        Response r = u.api().get("/api/cdn/files/" + id + "/download/");
        r.then()
                .statusCode(200)
                .body("filename", equalTo("notes.txt"))
                .body("size", equalTo(bytes.length))
                .body("mime_type", equalTo("text/plain"));
        String url = r.path("download_url");
        byte[] got = given().urlEncodingEnabled(false)
                .get(url.startsWith("http") ? url : gateway + url)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertThat(got).isEqualTo(bytes);
    }

    @Test
    void sharesWithTheDocumentedBodyAndPublicAccessByToken() {
        User u = register();
        byte[] bytes = "shared bytes".getBytes(StandardCharsets.UTF_8);
        String file = given().baseUri(gateway)
                .auth()
                .oauth2(u.token())
                .multiPart("file", "shared.txt", bytes, "text/plain")
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        // The documented body; its example date (2024-12-31) has passed, so a year from now stands for it.
        Map<String, Object> body = new HashMap<>();
        body.put("resource_type", "file");
        body.put("resource_id", file);
        body.put("permission_level", "view");
        body.put("is_public", true);
        body.put(
                "expires_at",
                OffsetDateTime.now().plusYears(1).withNano(0).toInstant().toString());
        body.put("allow_download", true);
        body.put("download_limit", 100);
        Response created = u.api().body(body).post("/api/cdn/shares/");
        created.then().statusCode(201);
        hasFields(created, "", SHARE_FIELDS);
        assertThat(created.<Integer>path("download_limit")).isEqualTo(100);
        assertThat(created.<Integer>path("download_count")).isZero();
        String id = created.path("id");
        String token = created.path("public_token");

        u.api().get("/api/cdn/shares/").then().statusCode(200).body("results.id", hasItem(id));
        hasFields(
                u.api()
                        .get("/api/cdn/shares/" + id + "/")
                        .then()
                        .statusCode(200)
                        .extract()
                        .response(),
                "",
                SHARE_FIELDS);
        body.put("download_limit", 50);
        u.api()
                .body(body)
                .put("/api/cdn/shares/" + id + "/")
                .then()
                .statusCode(200)
                .body("download_limit", equalTo(50));
        given().baseUri(gateway)
                .queryParam("token", token)
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(200)
                .body("file.id", equalTo(file));
        u.api().delete("/api/cdn/shares/" + id + "/").then().statusCode(204);
        given().baseUri(gateway)
                .queryParam("token", token)
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(404);
    }

    @Test
    void activityAnalyticsProcessingDashboardAndSearch() {
        User u = register();
        String folder = mkdir(u, "Reports");
        given().baseUri(gateway)
                .auth()
                .oauth2(u.token())
                .multiPart("file", "report.txt", "q3".getBytes(StandardCharsets.UTF_8))
                .multiPart("folder_id", folder)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201);
        eventually(() -> u.api()
                .get("/api/cdn/activity/")
                .then()
                .statusCode(200)
                .body("count", org.hamcrest.Matchers.greaterThanOrEqualTo(2))
                .body("results", notNullValue()));
        u.api().get("/api/cdn/analytics/").then().statusCode(200).body("$", hasKey("results"));
        u.api().get("/api/cdn/processing/").then().statusCode(200).body("$", hasKey("results"));
        eventually(() -> {
            Response d = u.api().get("/api/cdn/dashboard/");
            d.then()
                    .statusCode(200)
                    .body("stats.total_files", equalTo(1))
                    .body("stats.total_folders", equalTo(1))
                    .body("stats.total_size", equalTo(2))
                    .body("stats.total_size_human", notNullValue())
                    .body("$", hasKey("recent_activity"))
                    .body("$", hasKey("recent_files"))
                    .body("$", hasKey("storage_by_type"));
        });
        u.api().queryParam("q", "report").get("/api/cdn/search/").then().statusCode(200);
    }

    @Test
    void trashListRestoreAndEmpty() {
        User u = register();
        String a = mkdir(u, "A");
        String b = mkdir(u, "B");
        u.api().delete("/api/cdn/folders/" + a + "/").then().statusCode(200);
        u.api().delete("/api/cdn/folders/" + b + "/").then().statusCode(200);
        u.api().get("/api/cdn/trash/").then().statusCode(200).body("results.id", hasItem(a));
        u.api().post("/api/cdn/trash/" + a + "/restore/").then().statusCode(200);
        u.api().get("/api/cdn/folders/root/").then().statusCode(200).body("folders.id", hasItem(a));
        u.api().post("/api/cdn/trash/empty/").then().statusCode(200);
        u.api().get("/api/cdn/trash/").then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void authenticationEndpoints() {
        User u = register();
        u.api()
                .get("/api/auth/me")
                .then()
                .statusCode(200)
                .body("user.id", equalTo(u.id()))
                .body("user.email", equalTo(u.name() + "@example.com"))
                .body("user", hasKey("name"))
                .body("user", hasKey("image"));
        given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("refresh_token", u.refreshToken()))
                .post("/api/auth/refresh")
                .then()
                .statusCode(200)
                .body("success", equalTo(true));
        // The documented body of reset_password.
        u.api()
                .body(Map.of("new_password", "another long passphrase", "old_password", "a long enough passphrase"))
                .post("/api/auth/reset_password")
                .then()
                .statusCode(200);
        Response bad = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("auth_code", "short-lived-token"))
                .post("/api/auth/retrieve");
        assertThat(bad.statusCode()).isBetween(400, 404);
        bad.then().body("success", equalTo(false));
    }

    @Test
    void eachDocumentedErrorStatusComesInTheEnvelope() {
        User u = register();
        User stranger = register();
        String folder = mkdir(u, "Mine");
        // 400: a folder without a name; the 0x0 proxy without a file
        u.api()
                .body(Map.of("parent", folder))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(400)
                .body("success", equalTo(false))
                .body("error", equalTo("ValidationError"))
                .body("message", notNullValue());
        given().baseUri(gateway)
                .auth()
                .oauth2(u.token())
                .multiPart("other", "x")
                .post("/api/cdn/upload-0x0/")
                .then()
                .statusCode(400)
                .body("success", equalTo(false));
        // 401: no session
        given().baseUri(gateway).get("/api/cdn/folders/").then().statusCode(401).body("error", equalTo("Unauthorized"));
        // 403: a user who can see a folder but not share it
        String shared = share(
                u,
                Map.of(
                        "resource_type",
                        "folder",
                        "resource_id",
                        folder,
                        "permission_level",
                        "view",
                        "is_public",
                        false,
                        "shared_with_user",
                        stranger.name()));
        assertThat(shared).isNotNull();
        eventually(() -> stranger.api()
                .body(Map.of("resource_type", "folder", "resource_id", folder, "is_public", true))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(403)
                .body("success", equalTo(false)));
        // 404: another user's folder that is not shared
        String other = mkdir(stranger, "Theirs");
        u.api().get("/api/cdn/folders/" + other + "/").then().statusCode(404).body("success", equalTo(false));
        // 409: a name taken in the same place
        u.api()
                .body(Map.of("name", "Mine"))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(409)
                .body("success", equalTo(false))
                .body("details", hasKey("name"));
    }

    private static String share(User owner, Map<String, Object> body) {
        String[] id = new String[1];
        eventually(() -> id[0] = owner.api()
                .body(body)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        return id[0];
    }

    private static void hasFields(Response r, String prefix, List<String> fields) {
        Map<String, Object> body =
                prefix.isEmpty() ? r.jsonPath().getMap("$") : r.jsonPath().getMap(prefix);
        assertThat(body).as("fields of " + r.asString()).containsKeys(fields.toArray(String[]::new));
    }

    private static User register() {
        String name = "hc" + UUID.randomUUID().toString().substring(0, 8);
        Response r = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("email", name + "@example.com", "username", name, "password", "a long enough passphrase"))
                .post("/api/auth/register");
        r.then().statusCode(201);
        return new User(r.path("user.id"), name, r.path("access_token"), r.path("refresh_token"));
    }

    private static String mkdir(User owner, String name) {
        return owner.api()
                .body(Map.of("name", name))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
