package dev.depot.system;

import static dev.depot.system.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.testing.TestKafka;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sharing across the real services behind the gateway: sharing-service decides, files-service holds
 * the bytes and learns user grants from share events, and the two talk over files-service's /internal API.
 */
@ExtendWith(SharedSuite.class)
class SharingIT {

    private static String gateway;

    @BeforeAll
    static void start() {
        gateway = SharedSuite.suite().url("gateway");
    }

    @Test
    void aPublicFileLinkServesTheBytesAndItsLimitHoldsExactlyUnder50ConcurrentDownloads() throws Exception {
        GatewayUser alice = register();
        String fileId = upload(alice, null, "report.txt", "the quarterly numbers");
        Response link = alice.share(Map.of(
                "resource_type",
                "file",
                "resource_id",
                fileId,
                "is_public",
                true,
                "permission_level",
                "download",
                "download_limit",
                10));
        String token = link.path("public_token");
        assertThat(token).hasSizeGreaterThanOrEqualTo(22);

        Response view = given().baseUri(gateway).get("/api/cdn/shares/public/" + token + "/");
        view.then()
                .statusCode(200)
                .body("file.filename", equalTo("report.txt"))
                .body("share.downloads_remaining", equalTo(10))
                .body("file.owner_id", nullValue());
        given().baseUri(gateway)
                .queryParam("token", token)
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(200)
                .body("file.id", equalTo(fileId));
        String downloadUrl = view.path("file.download_url");

        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Response>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(pool.submit(
                    (Callable<Response>) () -> given().redirects().follow(false).get(downloadUrl)));
        }
        List<Integer> statuses = new ArrayList<>();
        String location = null;
        for (Future<Response> f : all) {
            Response r = f.get();
            statuses.add(r.statusCode());
            if (r.statusCode() == 302) {
                location = r.header("Location");
            }
        }
        pool.shutdown();
        assertThat(statuses.stream().filter(s -> s == 302)).hasSize(10);
        assertThat(statuses.stream().filter(s -> s == 410)).hasSize(40);
        assertThat(given().get(location).then().statusCode(200).extract().asString())
                .isEqualTo("the quarterly numbers");

        String shareId = link.path("id");
        alice.api()
                .get("/api/cdn/shares/" + shareId + "/")
                .then()
                .statusCode(200)
                .body("download_count", equalTo(10));
        Response accesses = alice.api().queryParam("page_size", 100).get("/api/cdn/shares/" + shareId + "/accesses/");
        accesses.then().statusCode(200).body("count", equalTo(12));
        assertThat(accesses.<List<String>>path("results.kind")).containsOnly("view", "download");
        assertThat(accesses.<String>path("results[0].client_ip")).isNotBlank();

        List<String> types =
                TestKafka.valuesWithKey(Topics.SHARES, shareId, 13, Duration.ofSeconds(20), Duration.ZERO).stream()
                        .map(json -> EventCodec.read(json).type())
                        .toList();
        assertThat(types.get(0)).isEqualTo("share.created");
        assertThat(types.stream().filter("share.accessed"::equals)).hasSize(12);
    }

    @Test
    void aFolderLinkCanBeBrowsedIntoItsSubfoldersAndNoFurther() {
        GatewayUser alice = register();
        GatewayUser bob = register();
        String docs = mkdir(alice, "Docs", null);
        String inner = mkdir(alice, "Inner", docs);
        String deep = upload(alice, inner, "deep.txt", "deep inside");
        String privateFolder = mkdir(alice, "Private", null);
        String secret = upload(alice, privateFolder, "secret.txt", "not for you");
        String bobsFile = upload(bob, null, "bob.txt", "bob's");
        Response shared = alice.share(Map.of("resource_type", "folder", "resource_id", docs, "is_public", true));
        String token = shared.path("public_token");
        String base = "/api/cdn/shares/public/" + token + "/";
        String publicUrl = shared.path("public_url");
        assertThat(publicUrl).startsWith("http").endsWith("/s/" + token);

        given().baseUri(gateway)
                .get(base)
                .then()
                .statusCode(200)
                .body("folder.id", equalTo(docs))
                .body("folders.id", hasItem(inner));
        // Who shared it, once sharing-service has heard of alice from auth-service's events.
        eventually(() -> given().baseUri(gateway).get(base).then().body("share.shared_by", equalTo(alice.name())));
        Response innerPage =
                given().baseUri(gateway).queryParam("folder_id", inner).get(base);
        innerPage.then().statusCode(200).body("files.results.filename", hasItem("deep.txt"));
        String deepUrl = innerPage.path("files.results[0].download_url");
        // The link's page, followed by an API client (Accept */*), answers as the API's path does.
        given().accept("*/*")
                .queryParam("folder_id", inner)
                .get(publicUrl)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("folder.id", equalTo(inner))
                .body("files.results.filename", hasItem("deep.txt"));
        assertThat(given().get(deepUrl).then().statusCode(200).extract().asString())
                .isEqualTo("deep inside");

        for (String outside : List.of(
                privateFolder, rootOf(alice), rootOf(bob), UUID.randomUUID().toString())) {
            given().baseUri(gateway)
                    .queryParam("folder_id", outside)
                    .get(base)
                    .then()
                    .statusCode(404)
                    .body("success", equalTo(false));
        }
        for (String file : List.of(secret, bobsFile, UUID.randomUUID().toString())) {
            given().baseUri(gateway)
                    .redirects()
                    .follow(false)
                    .get(base + "files/" + file + "/download/")
                    .then()
                    .statusCode(404);
        }
        given().baseUri(gateway)
                .redirects()
                .follow(false)
                .get(base + "files/" + deep + "/download/")
                .then()
                .statusCode(302);
    }

    @Test
    void passwordsExpiryAndDisallowedDownloads() throws Exception {
        GatewayUser alice = register();
        String fileId = upload(alice, null, "locked.txt", "behind a password");
        String token = alice.share(Map.of("resource_type", "file", "resource_id", fileId, "password", "open sesame"))
                .path("public_token");
        String base = "/api/cdn/shares/public/" + token + "/";
        given().baseUri(gateway).get(base).then().statusCode(401).body("error", equalTo("PasswordRequired"));
        given().baseUri(gateway)
                .header("X-Share-Password", "wrong")
                .get(base)
                .then()
                .statusCode(401);
        String keyed = given().baseUri(gateway)
                .header("X-Share-Password", "open sesame")
                .get(base)
                .then()
                .statusCode(200)
                .extract()
                .path("file.download_url");
        // The listing's link carries a signed key: it works in a browser without the password.
        assertThat(given().get(keyed).then().statusCode(200).extract().asString())
                .isEqualTo("behind a password");
        given().baseUri(gateway)
                .redirects()
                .follow(false)
                .get(base + "files/" + fileId + "/download/")
                .then()
                .statusCode(401);

        Map<String, Object> body = new HashMap<>(Map.of(
                "resource_type",
                "file",
                "resource_id",
                fileId,
                "expires_at",
                OffsetDateTime.now().plusSeconds(3).toString()));
        String soon = alice.share(body).path("public_token");
        given().baseUri(gateway)
                .get("/api/cdn/shares/public/" + soon + "/")
                .then()
                .statusCode(200);
        Thread.sleep(3500);
        given().baseUri(gateway)
                .get("/api/cdn/shares/public/" + soon + "/")
                .then()
                .statusCode(404);
        body.put("expires_at", OffsetDateTime.now().minusMinutes(1).toString());
        alice.api()
                .body(body)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(400)
                .body("details.expires_at", notNullValue());

        String viewOnly = alice.share(Map.of("resource_type", "file", "resource_id", fileId, "allow_download", false))
                .path("public_token");
        given().baseUri(gateway)
                .get("/api/cdn/shares/public/" + viewOnly + "/")
                .then()
                .statusCode(200)
                .body("file.download_url", nullValue())
                .body("share.allow_download", equalTo(false));
        given().baseUri(gateway)
                .get("/api/cdn/shares/public/" + viewOnly + "/files/" + fileId + "/download/")
                .then()
                .statusCode(403);
    }

    @Test
    void aUserShareGrantsAccessThroughTheFilesApiUntilItIsTakenAway() throws Exception {
        GatewayUser alice = register();
        GatewayUser bob = register();
        GatewayUser carol = register();
        String docs = mkdir(alice, "Shared docs", null);
        String plan = upload(alice, docs, "plan.txt", "the plan");
        Response granted = alice.share(Map.of(
                "resource_type",
                "folder",
                "resource_id",
                docs,
                "shared_with_user",
                bob.email(),
                "permission_level",
                "view"));
        granted.then().body("shared_with_user.username", equalTo(bob.name())).body("public_token", nullValue());
        String shareId = granted.path("id");

        bob.api()
                .get("/api/cdn/shares/with-me/")
                .then()
                .statusCode(200)
                .body("count", equalTo(1))
                .body("results[0].resource.name", equalTo("Shared docs"))
                .body("results[0].shared_by.username", equalTo(alice.name()));
        eventually(() -> bob.api()
                .get("/api/cdn/folders/" + docs + "/contents/")
                .then()
                .statusCode(200)
                .body("files.filename", hasItem("plan.txt")));
        bob.api().get("/api/cdn/files/" + plan + "/").then().statusCode(200);
        bob.api().get("/api/cdn/files/" + plan + "/download/").then().statusCode(403);
        carol.api().get("/api/cdn/folders/" + docs + "/contents/").then().statusCode(404);
        carol.api().get("/api/cdn/shares/with-me/").then().body("count", equalTo(0));
        // Bob may not re-share what he can only view, nor see alice's share.
        bob.api()
                .body(Map.of("resource_type", "folder", "resource_id", docs, "is_public", true))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(403);
        bob.api().get("/api/cdn/shares/" + shareId + "/").then().statusCode(404);

        alice.api()
                .body(Map.of("permission_level", "edit"))
                .patch("/api/cdn/shares/" + shareId + "/")
                .then()
                .statusCode(200);
        eventually(() -> given().baseUri(gateway)
                .auth()
                .oauth2(bob.token())
                .multiPart("file", "from-bob.txt", "bob wrote this".getBytes(StandardCharsets.UTF_8))
                .multiPart("folder_id", docs)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201));
        alice.api()
                .get("/api/cdn/folders/" + docs + "/contents/")
                .then()
                .statusCode(200)
                .body("files.filename", hasItem("from-bob.txt"));
        bob.api().get("/api/cdn/files/" + plan + "/download/").then().statusCode(200);
        bob.api().delete("/api/cdn/files/" + plan + "/").then().statusCode(404);

        alice.api()
                .body(Map.of("user_email", carol.email(), "permission_level", "download"))
                .post("/api/cdn/shares/" + shareId + "/add_user/")
                .then()
                .statusCode(201);
        List<String> names = alice.api()
                .get("/api/cdn/shares/" + shareId + "/shared_users/")
                .then()
                .statusCode(200)
                .extract()
                .path("user.username");
        assertThat(names).containsExactlyInAnyOrder(bob.name(), carol.name());
        alice.api()
                .body(Map.of("resource_type", "folder", "resource_id", docs, "shared_with_user", bob.name()))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(409);

        alice.api()
                .queryParam("user_email", bob.email())
                .delete("/api/cdn/shares/" + shareId + "/remove_user/")
                .then()
                .statusCode(204);
        eventually(() ->
                bob.api().get("/api/cdn/folders/" + docs + "/contents/").then().statusCode(404));
        bob.api().get("/api/cdn/shares/with-me/").then().body("count", equalTo(0));
        eventually(() ->
                carol.api().get("/api/cdn/files/" + plan + "/download/").then().statusCode(200));
    }

    @Test
    void adminHoldersMayReshareAndOthersMayNot() throws Exception {
        GatewayUser alice = register();
        GatewayUser bob = register();
        String folder = mkdir(alice, "Team", null);
        alice.share(Map.of(
                "resource_type",
                "folder",
                "resource_id",
                folder,
                "shared_with_user",
                bob.name(),
                "permission_level",
                "admin"));
        bob.api()
                .body(Map.of(
                        "resource_type",
                        "folder",
                        "resource_id",
                        UUID.randomUUID().toString(),
                        "is_public",
                        true))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(404);
        eventually(() -> bob.api()
                .body(Map.of("resource_type", "folder", "resource_id", folder, "is_public", true))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(201));
    }

    @Test
    void sharesGoInertInTheTrashComeBackOnRestoreAndGoAwayWithTheFile() throws Exception {
        GatewayUser alice = register();
        GatewayUser bob = register();
        String fileId = upload(alice, null, "draft.txt", "draft");
        String token = alice.share(Map.of("resource_type", "file", "resource_id", fileId))
                .path("public_token");
        String grant = alice.share(Map.of(
                        "resource_type",
                        "file",
                        "resource_id",
                        fileId,
                        "shared_with_user",
                        bob.name(),
                        "permission_level",
                        "download"))
                .path("id");
        String link = "/api/cdn/shares/public/" + token + "/";
        eventually(() -> bob.api().get("/api/cdn/files/" + fileId + "/").then().statusCode(200));

        alice.api().delete("/api/cdn/files/" + fileId + "/").then().statusCode(200);
        given().baseUri(gateway).get(link).then().statusCode(404);
        bob.api().get("/api/cdn/files/" + fileId + "/").then().statusCode(404);
        bob.api().get("/api/cdn/shares/with-me/").then().body("count", equalTo(0));
        alice.api()
                .get("/api/cdn/shares/" + grant + "/")
                .then()
                .statusCode(200)
                .body("resource.state", equalTo("trashed"));

        alice.api().post("/api/cdn/trash/" + fileId + "/restore/").then().statusCode(200);
        given().baseUri(gateway).get(link).then().statusCode(200);
        bob.api().get("/api/cdn/files/" + fileId + "/").then().statusCode(200);
        bob.api().get("/api/cdn/shares/with-me/").then().body("count", equalTo(1));

        alice.api().delete("/api/cdn/files/" + fileId + "/").then().statusCode(200);
        alice.api().delete("/api/cdn/trash/" + fileId + "/").then().statusCode(200);
        eventually(() -> alice.api().get("/api/cdn/shares/").then().body("count", equalTo(0)));
        given().baseUri(gateway).get(link).then().statusCode(404);
    }

    @Test
    void aFileDropLinkTakesUploadsUpToItsLimitAndShowsNothing() {
        GatewayUser alice = register();
        String inbox = mkdir(alice, "Inbox", null);
        upload(alice, inbox, "already-here.txt", "private");
        String shareId;
        Response created = alice.share(Map.of(
                "resource_type",
                "folder",
                "resource_id",
                inbox,
                "is_public",
                true,
                "permission_level",
                "upload",
                "download_limit",
                2));
        shareId = created.path("id");
        String base = "/api/cdn/shares/public/" + created.<String>path("public_token") + "/";

        given().baseUri(gateway)
                .get(base)
                .then()
                .statusCode(200)
                .body("folder.name", equalTo("Inbox"))
                .body("files", nullValue())
                .body("folders", nullValue());
        for (int i = 1; i <= 2; i++) {
            String uploadUrl = given().baseUri(gateway)
                    .post(base + "uploads/")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("upload_url");
            given().multiPart("file", "already-here.txt", ("drop " + i).getBytes(StandardCharsets.UTF_8))
                    .post(uploadUrl)
                    .then()
                    .statusCode(201)
                    .body("file.filename", not(equalTo("already-here.txt")));
            given().multiPart("file", "again.txt", "reuse".getBytes(StandardCharsets.UTF_8))
                    .post(uploadUrl)
                    .then()
                    .statusCode(404);
        }
        given().baseUri(gateway).post(base + "uploads/").then().statusCode(410);
        alice.api()
                .get("/api/cdn/folders/" + inbox + "/contents/")
                .then()
                .statusCode(200)
                .body("files.size()", equalTo(3));
        List<String> kinds = alice.api()
                .get("/api/cdn/shares/" + shareId + "/accesses/")
                .then()
                .statusCode(200)
                .extract()
                .path("results.kind");
        assertThat(kinds).containsExactly("upload", "upload", "view");
        given().baseUri(gateway)
                .get(base + "files/" + UUID.randomUUID() + "/download/")
                .then()
                .statusCode(403);
    }

    @Test
    void revokingALinkEndsItAndStatusShowsOnlyTheCallersShares() {
        GatewayUser alice = register();
        GatewayUser bob = register();
        String fileId = upload(alice, null, "status.txt", "s");
        Response link = alice.share(Map.of("resource_type", "file", "resource_id", fileId));
        alice.api()
                .queryParam("resource_type", "file")
                .queryParam("resource_id", fileId)
                .get("/api/cdn/shares/status/")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].is_public", equalTo(true));
        bob.api()
                .queryParam("resource_type", "file")
                .queryParam("resource_id", fileId)
                .get("/api/cdn/shares/status/")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
        // A signed-in visitor is named in the access log; an anonymous one is not.
        given().baseUri(gateway)
                .get("/api/cdn/shares/public/" + link.<String>path("public_token") + "/")
                .then()
                .statusCode(200);
        bob.api()
                .header("User-Agent", "bench-browser/1.0")
                .get("/api/cdn/shares/public/" + link.<String>path("public_token") + "/")
                .then()
                .statusCode(200);
        alice.api()
                .get("/api/cdn/shares/" + link.<String>path("id") + "/accesses/")
                .then()
                .statusCode(200)
                .body("count", equalTo(2))
                .body("results[0].user_id", equalTo(bob.id()))
                .body("results[0].user_agent", equalTo("bench-browser/1.0"))
                .body("results[1].user_id", nullValue());
        alice.api()
                .delete("/api/cdn/shares/" + link.<String>path("id") + "/")
                .then()
                .statusCode(204);
        given().baseUri(gateway)
                .get("/api/cdn/shares/public/" + link.<String>path("public_token") + "/")
                .then()
                .statusCode(404);
    }

    // --- helpers ---

    private static GatewayUser register() {
        return GatewayUser.register(gateway, "sh");
    }

    private static String mkdir(GatewayUser owner, String name, String parent) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parent", parent);
        return owner.api()
                .body(body)
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String upload(GatewayUser owner, String folderId, String name, String content) {
        var request = given().baseUri(gateway)
                .auth()
                .oauth2(owner.token())
                .multiPart("file", name, content.getBytes(StandardCharsets.UTF_8));
        if (folderId != null) {
            request.multiPart("folder_id", folderId);
        }
        return request.post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
    }

    private static String rootOf(GatewayUser user) {
        return user.api()
                .get("/api/cdn/folders/root/")
                .then()
                .statusCode(200)
                .extract()
                .path("folder.id");
    }
}
