package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.common.web.HumanSize;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.events.payload.UserPayload;
import dev.depot.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The shapes CDN clients read from the /api/cdn/ routes: every field and its JSON type. */
@QuarkusTest
class CdnClientShapesTest {

    /** A JSON type as the client checks it. */
    enum Kind {
        STRING(v -> v instanceof String),
        NUMBER(v -> v instanceof Number),
        BOOLEAN(v -> v instanceof Boolean),
        OBJECT(v -> v instanceof Map),
        ARRAY(v -> v instanceof List),
        NULL(v -> v == null),
        STRING_OR_NULL(v -> v == null || v instanceof String),
        OBJECT_OR_NULL(v -> v == null || v instanceof Map);

        final Predicate<Object> test;

        Kind(Predicate<Object> test) {
            this.test = test;
        }
    }

    static final Object[] USER = {
        "id",
        Kind.STRING,
        "username",
        Kind.STRING_OR_NULL,
        "email",
        Kind.STRING_OR_NULL,
        "full_name",
        Kind.STRING_OR_NULL,
        "profile_picture",
        Kind.STRING_OR_NULL
    };

    static final Object[] FOLDER = {
        "id",
        Kind.STRING,
        "name",
        Kind.STRING,
        "parent",
        Kind.STRING_OR_NULL,
        "owner",
        Kind.STRING,
        "owner_detail",
        Kind.OBJECT,
        "path",
        Kind.STRING,
        "is_root",
        Kind.BOOLEAN,
        "children_count",
        Kind.NUMBER,
        "files_count",
        Kind.NUMBER,
        "full_path",
        Kind.STRING,
        "created_at",
        Kind.STRING,
        "updated_at",
        Kind.STRING,
        // Depot's own fields stay.
        "is_starred",
        Kind.BOOLEAN,
        "is_trashed",
        Kind.BOOLEAN
    };

    static final Object[] FILE = {
        "id",
        Kind.STRING,
        "filename",
        Kind.STRING,
        "original_filename",
        Kind.STRING,
        "folder",
        Kind.STRING,
        "folder_detail",
        Kind.OBJECT,
        "owner",
        Kind.STRING,
        "owner_detail",
        Kind.OBJECT,
        "file_size",
        Kind.NUMBER,
        "file_size_human",
        Kind.STRING,
        "mime_type",
        Kind.STRING,
        "file_extension",
        Kind.STRING,
        "storage_path",
        Kind.STRING_OR_NULL,
        "cdn_url",
        Kind.STRING,
        "thumbnail_url",
        Kind.STRING_OR_NULL,
        "preview_url",
        Kind.STRING_OR_NULL,
        "is_processed",
        Kind.BOOLEAN,
        "processing_status",
        Kind.STRING,
        "versions",
        Kind.ARRAY,
        "versions_count",
        Kind.NUMBER,
        "is_starred",
        Kind.BOOLEAN,
        "created_at",
        Kind.STRING,
        "updated_at",
        Kind.STRING,
        "last_accessed",
        Kind.STRING_OR_NULL,
        // Depot's own fields stay.
        "category",
        Kind.STRING,
        "sha256",
        Kind.STRING_OR_NULL,
        "is_trashed",
        Kind.BOOLEAN
    };

    static final Object[] VERSION = {
        "id",
        Kind.STRING,
        "version_number",
        Kind.NUMBER,
        "file_size",
        Kind.NUMBER,
        "file_size_human",
        Kind.STRING,
        "created_by",
        Kind.STRING,
        "created_by_detail",
        Kind.OBJECT,
        "created_at",
        Kind.STRING
    };

    static final Object[] TRASH = {
        "id",
        Kind.STRING,
        "user",
        Kind.STRING,
        "user_detail",
        Kind.OBJECT,
        "resource_type",
        Kind.STRING,
        "resource_id",
        Kind.STRING,
        "original_name",
        Kind.STRING,
        "original_path",
        Kind.STRING,
        "deleted_at",
        Kind.STRING,
        "permanent_delete_at",
        Kind.STRING,
        "days_until_permanent_delete",
        Kind.NUMBER,
        // Depot's own fields stay.
        "type",
        Kind.STRING,
        "name",
        Kind.STRING,
        "trashed_at",
        Kind.STRING,
        "size",
        Kind.NUMBER
    };

    @Test
    void aFolderHasTheClientsFieldsWithLiveCounts() throws InterruptedException {
        Drive d = new Drive();
        register(d, "ada");
        String docs = d.folder("Docs", null);
        d.folder("2024", docs);
        String gone = d.folder("Old", docs);
        d.file("a.pdf", docs);
        String trashed = d.file("b.pdf", docs);
        d.as().delete("/api/cdn/folders/" + gone + "/").then().statusCode(200);
        d.as().delete("/api/cdn/files/" + trashed + "/").then().statusCode(200);

        Map<String, Object> folder = awaitUsername(d, "/api/cdn/folders/" + docs + "/", "ada");
        assertFolder(folder);
        assertThat(folder)
                .containsEntry("children_count", 1)
                .containsEntry("files_count", 1)
                .containsEntry("full_path", "/Docs")
                .containsEntry("path", "/Docs")
                .containsEntry("owner", d.user.toString())
                .containsEntry("is_root", false);
        assertThat(object(folder, "owner_detail"))
                .containsEntry("id", d.user.toString())
                .containsEntry("username", "ada")
                .containsEntry("email", "ada@example.com")
                .containsEntry("full_name", "Ada L.")
                .containsEntry("profile_picture", "https://pics.example/ada.png");

        // The other folder routes answer the same object.
        assertFolder(
                d.as().get("/api/cdn/folders/").then().statusCode(200).extract().path("results[0]"));
        Map<String, Object> created =
                d.createFolder("New", docs).then().statusCode(201).extract().path("");
        assertFolder(created);
        assertThat(created).containsEntry("children_count", 0).containsEntry("full_path", "/Docs/New");
        assertFolder(d.as().body(Map.of("name", "Newer"))
                .patch("/api/cdn/folders/" + created.get("id") + "/")
                .then()
                .statusCode(200)
                .extract()
                .path(""));
    }

    /**
     * A user's first upload makes their account row when auth-service's event has not arrived yet; the
     * event, arriving at the same moment, must still fill in the name (it once collided with the row and
     * went to the dead-letter topic).
     */
    @Test
    void usersWhoseFirstUploadRacesTheirRegistrationStillGetTheirNames() throws Exception {
        List<Drive> drives = new ArrayList<>();
        List<Future<String>> files = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 24; i++) {
                Drive d = new Drive();
                drives.add(d);
                files.add(pool.submit(() -> d.file("first.pdf", null)));
                register(d, "racer" + i);
            }
            for (int i = 0; i < drives.size(); i++) {
                Map<String, Object> file = awaitUsername(
                        drives.get(i), "/api/cdn/files/" + files.get(i).get() + "/", "racer" + i);
                assertThat(object(file, "owner_detail")).containsEntry("username", "racer" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOwnerFilesServiceHasNotHeardOfHasOnlyAnId() {
        Drive d = new Drive();
        String id = d.folder("Docs", null);
        Map<String, Object> folder = d.as().get("/api/cdn/folders/" + id + "/")
                .then()
                .statusCode(200)
                .extract()
                .path("");
        assertThat(object(folder, "owner_detail"))
                .containsEntry("id", d.user.toString())
                .containsEntry("username", null)
                .containsEntry("email", null)
                .containsEntry("full_name", null)
                .containsEntry("profile_picture", null);
    }

    @Test
    void rootAndContentsArePlainArrays() {
        Drive d = new Drive();
        String docs = d.folder("Docs", null);
        d.file("top.pdf", null);
        d.file("inner.pdf", docs);
        d.folder("Sub", docs);

        Map<String, Object> root = d.as().get("/api/cdn/folders/root/")
                .then()
                .statusCode(200)
                .extract()
                .path("");
        assertFolder(object(root, "root_folder"));
        assertThat(object(root, "root_folder"))
                .containsEntry("is_root", true)
                .containsEntry("children_count", 1)
                .containsEntry("files_count", 1)
                .containsEntry("full_path", "/");
        assertThat(list(root, "folders")).hasSize(1);
        assertThat(list(root, "files")).hasSize(1);
        list(root, "folders").forEach(f -> assertFolder(cast(f)));
        list(root, "files").forEach(f -> assertFile(cast(f)));

        Map<String, Object> contents = d.as().get("/api/cdn/folders/" + docs + "/contents/")
                .then()
                .statusCode(200)
                .extract()
                .path("");
        assertThat(list(contents, "folders")).hasSize(1);
        assertThat(list(contents, "files")).hasSize(1);
        Map<String, Object> inner = cast(list(contents, "files").get(0));
        assertFile(inner);
        assertThat(object(inner, "folder_detail")).containsEntry("id", docs).containsEntry("files_count", 1);
        assertFolder(cast(list(contents, "folders").get(0)));
    }

    @Test
    void aFileHasTheClientsFieldsWithItsVersions() {
        Drive d = new Drive();
        String docs = d.folder("Docs", null);
        byte[] v1 = BytesTest.png(1000);
        String id = BytesTest.upload(d, "pic.png", v1, "image/png", docs)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        Map<String, Object> replaced = given().auth()
                .oauth2(d.token)
                .multiPart("file", "pic.png", BytesTest.png(2048), "image/png")
                .put("/api/cdn/files/" + id + "/content")
                .then()
                .statusCode(200)
                .extract()
                .path("file");
        assertFile(replaced);

        Map<String, Object> file = d.as().get("/api/cdn/files/" + id + "/")
                .then()
                .statusCode(200)
                .extract()
                .path("");
        assertFile(file);
        assertThat(file)
                .containsEntry("file_size", 2048)
                .containsEntry("file_size_human", "2.0 KB")
                .containsEntry("versions_count", 1)
                .containsEntry("folder", docs)
                .containsEntry("owner", d.user.toString());
        assertThat(object(file, "folder_detail")).containsEntry("id", docs).containsEntry("full_path", "/Docs");
        assertThat(object(file, "owner_detail")).containsEntry("id", d.user.toString());
        Map<String, Object> version = cast(list(file, "versions").get(0));
        assertTypes(version, VERSION);
        assertTypes(object(version, "created_by_detail"), USER);
        assertThat(version)
                .containsEntry("version_number", 1)
                .containsEntry("file_size", 1000)
                .containsEntry("file_size_human", HumanSize.of(1000))
                .containsEntry("created_by", d.user.toString());

        // The list and the other file routes answer the same object.
        assertFile(
                d.as().get("/api/cdn/files/").then().statusCode(200).extract().path("results[0]"));
        assertFile(d.as().body(Map.of("filename", "renamed.png"))
                .patch("/api/cdn/files/" + id + "/")
                .then()
                .statusCode(200)
                .extract()
                .path(""));
        assertFile(d.register("r.pdf", null, 10, "application/pdf", Drive.randomSha())
                .then()
                .statusCode(201)
                .extract()
                .path(""));
    }

    @Test
    void starredAndRecentArePlainArrays() {
        Drive d = new Drive();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            ids.add(d.file("f" + i + ".pdf", null));
        }
        d.as().post("/api/cdn/files/" + ids.get(3) + "/star/")
                .then()
                .statusCode(200)
                .body("starred", equalTo(true));
        List<Map<String, Object>> starred = d.as().get("/api/cdn/files/starred/")
                .then()
                .statusCode(200)
                .extract()
                .path("");
        assertThat(starred).hasSize(1);
        assertFile(starred.get(0));
        assertThat(starred.get(0)).containsEntry("id", ids.get(3)).containsEntry("is_starred", true);

        // Opened files first, the latest opened first; then the newest never opened.
        d.as().get("/api/cdn/files/" + ids.get(0) + "/download/").then().statusCode(200);
        d.as().get("/api/cdn/files/" + ids.get(1) + "/download/").then().statusCode(200);
        List<Map<String, Object>> recent = d.as().get("/api/cdn/files/recent/")
                .then()
                .statusCode(200)
                .extract()
                .path("");
        assertThat(recent).hasSize(20);
        recent.forEach(CdnClientShapesTest::assertFile);
        assertThat(recent.subList(0, 3))
                .extracting(f -> f.get("id"))
                .containsExactly(ids.get(1), ids.get(0), ids.get(21));
        assertThat(recent.get(0).get("last_accessed")).isNotNull();
        assertThat(recent.get(2).get("last_accessed")).isNull();
    }

    @Test
    void searchAnswersTheQueryAndAtMostTwentyOfEachNewestFirst() {
        Drive d = new Drive();
        for (int i = 0; i < 22; i++) {
            d.file("report " + i + ".pdf", null);
        }
        String older = d.folder("report archive", null);
        String newer = d.folder("reports", null);
        Map<String, Object> answer = d.as().queryParam("q", "report")
                .get("/api/cdn/search/")
                .then()
                .statusCode(200)
                .extract()
                .path("");
        assertThat(answer).containsEntry("query", "report");
        Map<String, Object> results = object(answer, "results");
        List<Object> files = list(results, "files");
        List<Object> folders = list(results, "folders");
        assertThat(files).hasSize(20);
        files.forEach(f -> assertFile(cast(f)));
        assertThat(cast(files.get(0))).containsEntry("filename", "report 21.pdf");
        assertThat(cast(files.get(19))).containsEntry("filename", "report 2.pdf");
        assertThat(folders).extracting(f -> cast(f).get("id")).containsExactly(newer, older);
        folders.forEach(f -> assertFolder(cast(f)));
        d.as().get("/api/cdn/search/").then().statusCode(400);
    }

    @Test
    void aTrashEntryHasTheClientsFields() {
        Drive d = new Drive();
        String docs = d.folder("Docs", null);
        String file = d.file("gone.pdf", docs);
        String box = d.folder("Box", null);
        d.as().delete("/api/cdn/files/" + file + "/").then().statusCode(200);
        d.as().delete("/api/cdn/folders/" + box + "/").then().statusCode(200);

        List<Map<String, Object>> entries = d.as().get("/api/cdn/trash/")
                .then()
                .statusCode(200)
                .body("count", equalTo(2))
                .extract()
                .path("results");
        entries.forEach(e -> {
            assertTypes(e, TRASH);
            assertTypes(object(e, "user_detail"), USER);
            assertThat(e)
                    .containsEntry("user", d.user.toString())
                    .containsEntry("resource_id", e.get("id"))
                    .containsEntry("days_until_permanent_delete", 29);
            OffsetDateTime deleted = OffsetDateTime.parse((String) e.get("deleted_at"));
            assertThat(OffsetDateTime.parse((String) e.get("permanent_delete_at"))
                            .toInstant())
                    .isEqualTo(deleted.plusDays(30).toInstant());
        });
        Map<String, Object> folderEntry = entries.get(0);
        assertThat(folderEntry)
                .containsEntry("resource_type", "folder")
                .containsEntry("id", box)
                .containsEntry("original_name", "Box")
                .containsEntry("original_path", "/Box");
        assertThat(entries.get(1))
                .containsEntry("resource_type", "file")
                .containsEntry("id", file)
                .containsEntry("original_name", "gone.pdf")
                .containsEntry("original_path", "/Docs/gone.pdf");
    }

    @Test
    void cdnUrlIsAPublicAddressOfTheCurrentContentWhileTheFileIsLive() {
        Drive d = new Drive();
        byte[] v1 = BytesTest.png(1500);
        String id = BytesTest.upload(d, "logo.png", v1, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        String url = d.as().get("/api/cdn/files/" + id + "/")
                .then()
                .statusCode(200)
                .extract()
                .path("cdn_url");
        assertThat(url)
                .startsWith("http")
                .contains("/cdn/" + id + "/logo.png?key=")
                .doesNotContain("exp=");
        assertThat(d.as().get("/api/cdn/files/").then().extract().<String>path("results[0].cdn_url"))
                .isEqualTo(url);

        // No token needed, the CDN headers of the byte path, and the same address tomorrow.
        io.restassured.response.Response bytes = given().get(url);
        bytes.then()
                .statusCode(200)
                .header("ETag", equalTo("\"" + BytesTest.sha256(v1) + "\""))
                .header("Accept-Ranges", equalTo("bytes"))
                .header("Content-Disposition", org.hamcrest.Matchers.startsWith("inline"));
        assertThat(bytes.asByteArray()).isEqualTo(v1);
        given().header("Range", "bytes=0-9").get(url).then().statusCode(206);
        given().get(url.replace("key=", "key=x")).then().statusCode(404);
        given().get(url.replace("/cdn/" + id, "/cdn/" + java.util.UUID.randomUUID()))
                .then()
                .statusCode(404);

        // New content: a new address; the old one is gone.
        given().auth()
                .oauth2(d.token)
                .multiPart("file", "logo.png", BytesTest.png(1600), "image/png")
                .put("/api/cdn/files/" + id + "/content")
                .then()
                .statusCode(200);
        String url2 = d.as().get("/api/cdn/files/" + id + "/").then().extract().path("cdn_url");
        assertThat(url2).isNotEqualTo(url);
        given().get(url).then().statusCode(404);
        given().get(url2).then().statusCode(200);

        // Trashed: 404; deleted for good: 404.
        d.as().delete("/api/cdn/files/" + id + "/").then().statusCode(200);
        given().get(url2).then().statusCode(404);
        d.as().delete("/api/cdn/trash/" + id + "/").then().statusCode(200);
        given().get(url2).then().statusCode(404);
    }

    static void assertFolder(Map<String, Object> folder) {
        assertTypes(folder, FOLDER);
        assertTypes(object(folder, "owner_detail"), USER);
    }

    static void assertFile(Map<String, Object> file) {
        assertTypes(file, FILE);
        assertFolder(object(file, "folder_detail"));
        assertTypes(object(file, "owner_detail"), USER);
        assertThat(file.get("versions_count")).isEqualTo(list(file, "versions").size());
        list(file, "versions").forEach(v -> {
            assertTypes(cast(v), VERSION);
            assertTypes(object(cast(v), "created_by_detail"), USER);
        });
    }

    static void assertTypes(Map<String, Object> json, Object[] fields) {
        assertThat(json).as("a JSON object").isNotNull();
        for (int i = 0; i < fields.length; i += 2) {
            String name = (String) fields[i];
            Kind kind = (Kind) fields[i + 1];
            assertThat(json).as("field " + name).containsKey(name);
            assertThat(kind.test.test(json.get(name)))
                    .as(name + " is " + kind + " in " + json)
                    .isTrue();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    static Map<String, Object> object(Map<String, Object> json, String name) {
        return cast(json.get(name));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> json, String name) {
        assertThat(json.get(name)).as(name + " is an array").isInstanceOf(List.class);
        return (List<Object>) json.get(name);
    }

    private static void register(Drive d, String username) {
        TestKafka.send(
                Topics.INTERNAL_AUTH,
                d.user.toString(),
                EventCodec.write(CloudEvent.of(
                        "depot/auth-service",
                        "user.registered",
                        d.user.toString(),
                        d.user,
                        EventCodec.toData(new UserPayload(
                                d.user,
                                username,
                                username + "@example.com",
                                "password",
                                null,
                                "Ada L.",
                                "https://pics.example/ada.png")))));
    }

    /** The account arrives through Kafka: the answer once it shows the username. */
    private static Map<String, Object> awaitUsername(Drive d, String path, String username)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            Map<String, Object> json =
                    d.as().get(path).then().statusCode(200).extract().path("");
            if (username.equals(object(json, "owner_detail").get("username"))
                    || Instant.now().isAfter(deadline)) {
                return json;
            }
            Thread.sleep(100);
        }
    }
}
