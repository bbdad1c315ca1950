package dev.depot.system;

import static dev.depot.system.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CDN client API as a CDN web client reads it, through the gateway: every field that client
 * uses, with its JSON type, on every endpoint it calls, and the refresh behaviour it relies on (a
 * 400 that stops a signed-out page from asking again, two tabs refreshing at once).
 */
@ExtendWith(SharedSuite.class)
class CdnClientShapesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    // A field's type: "string", "number", "boolean", "object", "array"; a trailing "?" allows null.
    // As auth-service announced the user: a new account's display name is its username, it has no picture.
    static final Map<String, String> PERSON =
            spec("id string", "username string", "email string", "full_name string", "profile_picture string?");
    static final Map<String, String> FOLDER = spec(
            "id string",
            "name string",
            "parent string?",
            "owner string",
            "owner_detail object",
            "path string",
            "is_root boolean",
            "children_count number",
            "files_count number",
            "full_path string",
            "created_at string",
            "updated_at string");
    static final Map<String, String> FILE = spec(
            "id string",
            "filename string",
            "original_filename string",
            "folder string?",
            "folder_detail object?",
            "owner string",
            "owner_detail object",
            "file_size number",
            "file_size_human string",
            "mime_type string",
            "file_extension string?",
            "storage_path string?",
            "cdn_url string",
            "thumbnail_url string?",
            "preview_url string?",
            "is_processed boolean",
            "processing_status string",
            "versions array",
            "versions_count number",
            "is_starred boolean",
            "created_at string",
            "updated_at string",
            "last_accessed string?");
    static final Map<String, String> VERSION = spec(
            "id string",
            "version_number number",
            "file_size number",
            "file_size_human string",
            "created_by string?",
            "created_by_detail object?",
            "created_at string");
    static final Map<String, String> ACTIVITY = spec(
            "id string",
            "user string",
            "user_detail object",
            "action_type string",
            "resource_type string",
            "resource_id string?",
            "resource_name string?",
            "metadata object?",
            "ip_address string?",
            "user_agent string?",
            "created_at string");
    static final Map<String, String> TRASH = spec(
            "id string",
            "user string",
            "user_detail object",
            "resource_type string",
            "resource_id string",
            "original_name string",
            "original_path string?",
            "deleted_at string",
            "permanent_delete_at string",
            "days_until_permanent_delete number");
    static final Map<String, String> SHARE = spec(
            "id string",
            "resource_type string",
            "resource_id string",
            "owner string",
            "owner_detail object",
            "permission_level string",
            "is_public boolean",
            "public_token string?",
            "password_protected boolean",
            "expires_at string?",
            "allow_download boolean",
            "allow_preview boolean",
            "download_limit number?",
            "download_count number",
            "resource_detail object",
            "is_expired boolean",
            "can_download boolean",
            "access_logs_count number",
            "created_at string",
            "updated_at string");

    private static String gateway;

    @BeforeAll
    static void start() {
        gateway = SharedSuite.suite().url("gateway");
    }

    // --- auth ---

    @Test
    void loginMeAndRetrieveAnswerTheUserAsTheClientReadsIt() {
        GatewayUser u = GatewayUser.register(gateway, "hk");
        Response login = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("email", u.email(), "password", PASSWORD))
                .post("/api/auth/login");
        login.then().statusCode(200);
        assertThat(login.getCookies()).containsKeys("access_token", "refresh_token");
        check(json(login).get("user"), spec("id string", "name string", "email string", "image string?"), "login user");
        check(
                json(u.api()
                                .get("/api/auth/me")
                                .then()
                                .statusCode(200)
                                .extract()
                                .response())
                        .get("user"),
                spec("id string", "name string", "email string", "image string?"),
                "me user");
        Response unknown = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("auth_code", "never-issued"))
                .post("/api/auth/retrieve");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("detail").isTextual())
                .as("detail of " + unknown.asString())
                .isTrue();
    }

    @Test
    void refreshWithoutATokenIs400AndClearsTheCookiesAndRacingRefreshesBothSucceed() throws Exception {
        Response none = given().baseUri(gateway).post("/api/auth/refresh");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.headers().getValues("Set-Cookie"))
                .anyMatch(c -> c.startsWith("access_token=;"))
                .anyMatch(c -> c.startsWith("refresh_token=;"));
        assertThat(json(none).get("detail").isTextual()).isTrue();
        Response bad =
                given().baseUri(gateway).cookie("refresh_token", "made-up").post("/api/auth/refresh");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().getValues("Set-Cookie")).anyMatch(c -> c.startsWith("refresh_token=;"));

        GatewayUser u = GatewayUser.register(gateway, "hk");
        String refreshToken = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("email", u.email(), "password", PASSWORD))
                .post("/api/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .cookie("refresh_token");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> tabs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tabs.add(pool.submit(() -> {
                go.await();
                return given().baseUri(gateway)
                        .cookie("refresh_token", refreshToken)
                        .post("/api/auth/refresh");
            }));
        }
        go.countDown();
        Set<String> successors = new HashSet<>();
        for (Future<Response> tab : tabs) {
            Response r = tab.get();
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            assertThat(r.<Boolean>path("success")).isTrue();
            successors.add(r.getCookie("refresh_token"));
        }
        pool.shutdown();
        assertThat(successors).as("one live refresh token for the login").hasSize(1);
        given().baseUri(gateway)
                .cookie("refresh_token", successors.iterator().next())
                .post("/api/auth/refresh")
                .then()
                .statusCode(200);
    }

    // --- files and folders ---

    @Test
    void filesFoldersRootContentsStarredRecentAndSearch() {
        GatewayUser u = GatewayUser.register(gateway, "hk");
        String folder = u.api()
                .body(Map.of("name", "Photos"))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String file = upload(u, "beach.txt", folder, "sand and sea");
        given().baseUri(gateway)
                .auth()
                .oauth2(u.token())
                .multiPart("file", "beach.txt", "sand, sea and sun".getBytes(StandardCharsets.UTF_8))
                .put("/api/cdn/files/" + file + "/content")
                .then()
                .statusCode(200);

        // files-service learns usernames from auth-service's events: a moment after registering.
        eventually(() -> check(
                json(u.api()
                                .get("/api/cdn/files/" + file + "/")
                                .then()
                                .statusCode(200)
                                .extract()
                                .response())
                        .get("owner_detail"),
                PERSON,
                "file owner_detail"));
        JsonNode f = json(u.api()
                .get("/api/cdn/files/" + file + "/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        check(f, FILE, "file");
        check(f.get("folder_detail"), FOLDER, "file folder_detail");
        assertThat(f.get("file_size_human").asText()).isEqualTo("17.0 B");
        // The earlier contents: the first upload, replaced once.
        assertThat(f.get("versions_count").asInt()).isEqualTo(1);
        assertThat(f.get("versions")).hasSize(1);
        f.get("versions").forEach(v -> check(v, VERSION, "version"));
        assertThat(f.get("owner_detail").get("username").asText()).isEqualTo(u.name());
        // The CDN address serves the current bytes to anyone holding it.
        String cdn = f.get("cdn_url").asText();
        assertThat(given().get(cdn).then().statusCode(200).extract().asString()).isEqualTo("sand, sea and sun");

        JsonNode root = json(u.api()
                .get("/api/cdn/folders/root/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        check(root.get("root_folder"), FOLDER, "root_folder");
        assertThat(root.get("root_folder").get("is_root").asBoolean()).isTrue();
        assertThat(root.get("folders").isArray() && root.get("files").isArray())
                .as(root.toString())
                .isTrue();
        root.get("folders").forEach(x -> check(x, FOLDER, "root folders[]"));
        JsonNode contents = json(u.api()
                .get("/api/cdn/folders/" + folder + "/contents/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        assertThat(contents.get("folders").isArray() && contents.get("files").isArray())
                .as(contents.toString())
                .isTrue();
        assertThat(contents.get("files")).hasSize(1);
        check(contents.get("files").get(0), FILE, "contents files[]");
        JsonNode photos = json(u.api()
                .get("/api/cdn/folders/" + folder + "/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        check(photos, FOLDER, "folder");
        assertThat(photos.get("files_count").asInt()).isEqualTo(1);

        JsonNode star = json(u.api()
                .post("/api/cdn/files/" + file + "/star/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        assertThat(star.get("starred").asBoolean()).isTrue();
        JsonNode starred = json(u.api()
                .get("/api/cdn/files/starred/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        assertThat(starred.isArray()).as(starred.toString()).isTrue();
        assertThat(starred).hasSize(1);
        check(starred.get(0), FILE, "starred[]");
        JsonNode recent = json(u.api()
                .get("/api/cdn/files/recent/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        assertThat(recent.isArray()).as(recent.toString()).isTrue();
        check(recent.get(0), FILE, "recent[]");

        JsonNode search = json(u.api()
                .queryParam("q", "beach")
                .get("/api/cdn/search/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        assertThat(search.get("query").asText()).isEqualTo("beach");
        assertThat(search.get("results").get("files")).hasSize(1);
        assertThat(search.get("results").get("folders").isArray()).isTrue();
        u.api().get("/api/cdn/search/").then().statusCode(400);
    }

    // --- dashboard, activity, trash ---

    @Test
    void dashboardActivityAndTrash() {
        GatewayUser u = GatewayUser.register(gateway, "hk");
        upload(u, "big.bin", null, "x".repeat(3000));
        upload(u, "small.txt", null, "y");
        String gone = upload(u, "gone.txt", null, "zz");
        u.api().delete("/api/cdn/files/" + gone + "/").then().statusCode(200);

        eventually(() -> {
            JsonNode d = json(u.api()
                    .get("/api/cdn/dashboard/")
                    .then()
                    .statusCode(200)
                    .extract()
                    .response());
            check(
                    d.get("stats"),
                    spec("total_files number", "total_folders number", "total_size number", "total_size_human string"),
                    "stats");
            assertThat(d.get("recent_files").isArray() && d.get("recent_files").size() <= 5)
                    .as(d.toString())
                    .isTrue();
            assertThat(d.get("recent_activity").size()).isBetween(1, 10);
            d.get("recent_activity").forEach(a -> check(a, ACTIVITY, "recent_activity[]"));
            JsonNode types = d.get("storage_by_type");
            assertThat(types.size()).isBetween(1, 5);
            types.forEach(t -> check(t, spec("mime_type string", "count number", "size number"), "storage_by_type[]"));
            for (int i = 1; i < types.size(); i++) {
                assertThat(types.get(i).get("size").asLong())
                        .isLessThanOrEqualTo(types.get(i - 1).get("size").asLong());
            }
        });
        JsonNode activity = json(u.api()
                .get("/api/cdn/activity/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        activity.get("results").forEach(a -> check(a, ACTIVITY, "activity"));
        eventually(() -> check(
                json(u.api()
                                .get("/api/cdn/activity/")
                                .then()
                                .statusCode(200)
                                .extract()
                                .response())
                        .get("results")
                        .get(0)
                        .get("user_detail"),
                PERSON,
                "activity user_detail"));

        JsonNode trash = json(
                u.api().get("/api/cdn/trash/").then().statusCode(200).extract().response());
        assertThat(trash.get("results")).hasSize(1);
        check(trash.get("results").get(0), TRASH, "trash");
        assertThat(trash.get("results").get(0).get("original_name").asText()).isEqualTo("gone.txt");
        JsonNode restored = json(u.api()
                .post("/api/cdn/trash/" + gone + "/restore/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        assertThat(restored.get("message").isTextual()).isTrue();
        JsonNode emptied = json(u.api()
                .post("/api/cdn/trash/empty/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        assertThat(emptied.get("message").isTextual()).isTrue();
    }

    // --- shares ---

    @Test
    void sharesStatusSharedUsersAndPublicLinks() {
        GatewayUser owner = GatewayUser.register(gateway, "hk");
        GatewayUser friend = GatewayUser.register(gateway, "hk");
        GatewayUser other = GatewayUser.register(gateway, "hk");
        String folder = owner.api()
                .body(Map.of("name", "Team"))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String file = upload(owner, "plan.txt", folder, "the plan");

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resource_type", "folder");
        body.put("resource_id", folder);
        body.put("is_public", false);
        body.put(
                "shared_users",
                List.of(
                        Map.of("user_email", friend.email(), "permission_level", "view"),
                        Map.of("user_email", other.email(), "permission_level", "edit")));
        eventually(() -> owner.api().body(body).post("/api/cdn/shares/").then().statusCode(201));
        String link = owner.api()
                .body(Map.of("resource_type", "file", "resource_id", file, "is_public", true))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        JsonNode mine = json(owner.api()
                .get("/api/cdn/shares/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        JsonNode shares = mine.isArray() ? mine : mine.get("results");
        shares.forEach(s -> check(s, SHARE, "share"));
        eventually(() -> {
            JsonNode again = json(owner.api()
                    .get("/api/cdn/shares/")
                    .then()
                    .statusCode(200)
                    .extract()
                    .response());
            check(
                    (again.isArray() ? again : again.get("results")).get(0).get("owner_detail"),
                    PERSON,
                    "share owner_detail");
        });
        JsonNode linkShare = json(owner.api()
                .get("/api/cdn/shares/" + link + "/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        check(
                linkShare.get("resource_detail"),
                spec("id string", "filename string", "file_size number", "mime_type string", "thumbnail_url string?"),
                "file resource_detail");

        // The friend sees the share made with them in the same list.
        eventually(() -> {
            JsonNode theirs = json(friend.api()
                    .get("/api/cdn/shares/")
                    .then()
                    .statusCode(200)
                    .extract()
                    .response());
            JsonNode list = theirs.isArray() ? theirs : theirs.get("results");
            assertThat(list.findValuesAsText("resource_id")).contains(folder);
        });

        JsonNode status = json(owner.api()
                .queryParam("resource_type", "folder")
                .queryParam("resource_id", folder)
                .get("/api/cdn/shares/status/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        assertThat(status.isArray()).as(status.toString()).isTrue();
        status.forEach(s -> {
            check(
                    s,
                    spec(
                            "share_id string",
                            "owner string",
                            "is_public boolean",
                            "public_token string?",
                            "expires_at string?",
                            "password_protected boolean",
                            "your_permission string?",
                            "shared_with array"),
                    "status[]");
            s.get("shared_with")
                    .forEach(w -> check(
                            w, spec("user_id string", "username string", "permission_level string"), "shared_with[]"));
        });
        String share = status.get(0).get("share_id").asText();
        JsonNode users = json(owner.api()
                .get("/api/cdn/shares/" + share + "/shared_users/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        assertThat(users.isArray()).isTrue();
        users.forEach(
                w -> check(w, spec("user_id string", "username string", "permission_level string"), "shared_users[]"));

        String token = linkShare.get("public_token").asText();
        JsonNode pub = json(given().baseUri(gateway)
                .queryParam("token", token)
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(200)
                .extract()
                .response());
        check(pub.get("share"), spec("id string", "resource_type string", "is_public boolean"), "public share");
        check(
                pub.get("resource"),
                spec("id string", "filename string", "file_size number", "mime_type string"),
                "public resource");
        given().baseUri(gateway)
                .queryParam("token", "no-such-token")
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(404);
        given().baseUri(gateway).get("/api/cdn/shares/public/").then().statusCode(400);
    }

    // --- helpers ---

    private static final String PASSWORD = "a long enough passphrase";

    static Map<String, String> spec(String... fields) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : fields) {
            String[] p = f.split(" ");
            m.put(p[0], p[1]);
        }
        return m;
    }

    /** Every field of {@code spec} is present with its JSON type (null only where the type ends in "?"). */
    static void check(JsonNode node, Map<String, String> spec, String what) {
        assertThat(node).as(what + " is missing").isNotNull();
        assertThat(node.isObject()).as(what + " is not an object: " + node).isTrue();
        spec.forEach((field, type) -> {
            assertThat(node.has(field))
                    .as(what + " has no " + field + ": " + node)
                    .isTrue();
            JsonNode v = node.get(field);
            boolean nullable = type.endsWith("?");
            String base = nullable ? type.substring(0, type.length() - 1) : type;
            if (v.isNull()) {
                assertThat(nullable)
                        .as(what + "." + field + " is null: " + node)
                        .isTrue();
                return;
            }
            boolean ok =
                    switch (base) {
                        case "string" -> v.isTextual();
                        case "number" -> v.isNumber();
                        case "boolean" -> v.isBoolean();
                        case "object" -> v.isObject();
                        case "array" -> v.isArray();
                        default -> throw new IllegalArgumentException(type);
                    };
            assertThat(ok)
                    .as(what + "." + field + " should be " + type + ": " + v)
                    .isTrue();
        });
    }

    private static JsonNode json(Response r) {
        try {
            return JSON.readTree(r.asByteArray());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.asString(), e);
        }
    }

    private static String upload(GatewayUser u, String name, String folder, String content) {
        var req = given().baseUri(gateway)
                .auth()
                .oauth2(u.token())
                .multiPart("file", name, content.getBytes(StandardCharsets.UTF_8));
        if (folder != null) {
            req = req.multiPart("folder_id", folder);
        }
        return req.post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
    }
}
