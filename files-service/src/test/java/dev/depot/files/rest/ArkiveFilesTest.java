package dev.depot.files.rest;

import static dev.depot.files.rest.Arkive.assertError;
import static dev.depot.files.rest.Arkive.assertFileShape;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /api/files: Arkive's file routes, their bodies field by field and the errors the document lists. */
@QuarkusTest
class ArkiveFilesTest {

    @Test
    void listingWithoutAFolderAnswersTheTopLevelFilesInArkivesShape() {
        Arkive a = new Arkive();
        String docs = a.folder("Documents", null);
        String top = a.file("document.pdf", "top", null);
        a.file("inside.txt", "inside", docs);

        Response r = a.as().queryParam("ownerId", a.owner()).get("/api/files");
        r.then().statusCode(200);
        List<Map<String, Object>> files = r.jsonPath().getList("$");
        assertThat(files).hasSize(1);
        Map<String, Object> file = files.get(0);
        assertFileShape(file);
        assertThat(file.get("id")).isEqualTo(top);
        assertThat(file.get("name")).isEqualTo("document.pdf");
        assertThat(file.get("size")).isEqualTo(3);
        assertThat(file.get("ownerId")).isEqualTo(a.owner());
        assertThat(file.get("folderId")).isNull();
        assertThat(file.get("thumbnailUrl")).isNull();
        assertThat(file.get("starred")).isEqualTo(false);
        assertThat(file.get("trashed")).isEqualTo(false);
    }

    @Test
    void listingByFolderIdAnswersThatFoldersFiles() {
        Arkive a = new Arkive();
        String docs = a.folder("Documents", null);
        String inside = a.file("inside.txt", "inside", docs);
        a.file("top.txt", "top", null);
        Response r = a.as().queryParam("ownerId", a.owner())
                .queryParam("folderId", docs)
                .get("/api/files");
        r.then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(inside))
                .body("[0].folderId", equalTo(docs));
    }

    @Test
    void starredAndTrashedFilterTheWholeDrive() {
        Arkive a = new Arkive();
        String docs = a.folder("Documents", null);
        String deep = a.file("deep.txt", "deep", docs);
        String top = a.file("top.txt", "top", null);
        a.as().patch("/api/files/" + deep + "/star").then().statusCode(200);
        a.as().patch("/api/files/" + top + "/trash").then().statusCode(200);

        a.as().queryParam("starred", "true")
                .get("/api/files")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(deep))
                .body("[0].starred", equalTo(true));
        a.as().queryParam("trashed", "true")
                .get("/api/files")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(top))
                .body("[0].trashed", equalTo(true));
        a.as().get("/api/files").then().body("size()", equalTo(0));
    }

    @Test
    void anUploadAnswers201WithAUrlThatDownloadsTheBytes() {
        Arkive a = new Arkive();
        String folder = a.folder("Reports", null);
        Response r = a.upload("document.pdf", "the quarterly numbers", folder);
        r.then().statusCode(201).body("success", equalTo(true));
        Map<String, Object> file = r.jsonPath().getMap("file");
        assertFileShape(file);
        assertThat(file.get("name")).isEqualTo("document.pdf");
        assertThat(file.get("size")).isEqualTo(21);
        assertThat(file.get("folderId")).isEqualTo(folder);
        String body = given().get((String) file.get("url"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(body).isEqualTo("the quarterly numbers");
    }

    @Test
    void anUploadWithoutAFileIs400NoFileProvided() {
        Arkive a = new Arkive();
        Response r = given().auth()
                .oauth2(a.drive.token)
                .multiPart("ownerId", a.owner())
                .post("/api/files/upload");
        assertError(r, 400, "ValidationError", "No file provided");
    }

    @Test
    void anUploadOverTheSizeLimitIs413() {
        Arkive a = new Arkive();
        Response r = given().auth()
                .oauth2(a.drive.token)
                .multiPart("file", "big.bin", new byte[4 * 1024 * 1024 + 1], "application/octet-stream")
                .post("/api/files/upload");
        assertError(r, 413, "PayloadTooLarge", "too large");
    }

    @Test
    void anUploadOfANameAlreadyInTheFolderIs409() {
        Arkive a = new Arkive();
        a.file("same.txt", "one", null);
        assertError(a.upload("same.txt", "two", null), 409, "Conflict", "same.txt");
    }

    @Test
    void anUploadIntoAnotherUsersFolderIs404() {
        Arkive alice = new Arkive();
        Arkive bob = new Arkive();
        String hers = alice.folder("Private", null);
        assertError(bob.upload("x.txt", "x", hers), 404, "ResourceNotFound", hers);
    }

    @Test
    void anOwnerIdOtherThanTheCallersIs403WhereverItIsSent() {
        Arkive a = new Arkive();
        String stranger = UUID.randomUUID().toString();
        assertError(a.as().queryParam("ownerId", stranger).get("/api/files"), 403, "Forbidden", "ownerId");
        assertError(
                given().auth()
                        .oauth2(a.drive.token)
                        .multiPart("file", "a.txt", "a".getBytes(), "text/plain")
                        .multiPart("ownerId", stranger)
                        .post("/api/files/upload"),
                403,
                "Forbidden",
                "ownerId");
        String id = a.file("a.txt", "a", null);
        assertError(
                a.as().body("{\"name\": \"b.txt\", \"ownerId\": \"" + stranger + "\"}")
                        .patch("/api/files/" + id + "/update"),
                403,
                "Forbidden",
                "ownerId");
        a.as().get("/api/files").then().body("[0].name", equalTo("a.txt"));
    }

    @Test
    void recentAnswersTheNewestTenByDefaultAndAtMostFifty() {
        Arkive a = new Arkive();
        for (int i = 0; i < 12; i++) {
            a.file("f" + i + ".txt", "content " + i, null);
        }
        Response r =
                a.as().queryParam("ownerId", a.owner()).queryParam("limit", 10).get("/api/files/recent");
        r.then().statusCode(200).body("files.size()", equalTo(10)).body("files[0].name", equalTo("f11.txt"));
        assertFileShape(r.jsonPath().getMap("files[0]"));
        a.as().get("/api/files/recent").then().body("files.size()", equalTo(10));
        a.as().queryParam("limit", 500)
                .get("/api/files/recent")
                .then()
                .statusCode(200)
                .body("files.size()", equalTo(12));
        assertError(a.as().queryParam("limit", 0).get("/api/files/recent"), 400, "ValidationError", "limit");
        assertError(a.as().queryParam("limit", "ten").get("/api/files/recent"), 400, "ValidationError", "limit");
    }

    @Test
    void starTogglesAndSaysWhatItDid() {
        Arkive a = new Arkive();
        String id = a.file("a.txt", "a", null);
        Response on = a.as().patch("/api/files/" + id + "/star");
        on.then().statusCode(200);
        assertThat(on.jsonPath().getMap("$"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("success", true, "starred", true, "message", "File starred successfully"));
        a.as().patch("/api/files/" + id + "/star")
                .then()
                .statusCode(200)
                .body("starred", equalTo(false))
                .body("message", equalTo("File unstarred successfully"));
    }

    @Test
    void trashTogglesBetweenTheTrashAndTheDrive() {
        Arkive a = new Arkive();
        String id = a.file("a.txt", "a", null);
        Response in = a.as().patch("/api/files/" + id + "/trash");
        in.then().statusCode(200);
        assertThat(in.jsonPath().getMap("$"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("success", true, "trashed", true, "message", "File moved to trash"));
        a.as().get("/api/files").then().body("size()", equalTo(0));
        a.as().patch("/api/files/" + id + "/trash")
                .then()
                .statusCode(200)
                .body("trashed", equalTo(false))
                .body("message", equalTo("File restored from trash"));
        a.as().get("/api/files").then().body("[0].id", equalTo(id)).body("[0].trashed", equalTo(false));
    }

    @Test
    void aFileTrashedWithItsFolderComesBackOnlyWithTheFolderWith409() {
        Arkive a = new Arkive();
        String folder = a.folder("Box", null);
        String id = a.file("a.txt", "a", folder);
        a.as().patch("/api/folders/" + folder + "/trash").then().statusCode(200);
        assertError(a.as().patch("/api/files/" + id + "/trash"), 409, "Conflict", folder);
    }

    @Test
    void updateRenamesAndMovesWithTheDocumentsBody() {
        Arkive a = new Arkive();
        String id = a.file("document.pdf", "a", null);
        String target = a.folder("folder_new_xyz", null);
        Response r = a.as().body("{\"name\": \"new-filename.pdf\", \"folderId\": \"" + target + "\"}")
                .patch("/api/files/" + id + "/update");
        r.then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("file.id", equalTo(id))
                .body("file.name", equalTo("new-filename.pdf"))
                .body("file.folderId", equalTo(target));
        assertFileShape(r.jsonPath().getMap("file"));
        a.as().body("{\"folderId\": null}")
                .patch("/api/files/" + id + "/update")
                .then()
                .statusCode(200)
                .body("file.folderId", nullValue())
                .body("file.name", equalTo("new-filename.pdf"));
    }

    @Test
    void updateToATakenNameIs409AndAnUnknownFieldIs400NamingIt() {
        Arkive a = new Arkive();
        a.file("taken.txt", "a", null);
        String id = a.file("b.txt", "b", null);
        assertError(
                a.as().body("{\"name\": \"taken.txt\"}").patch("/api/files/" + id + "/update"),
                409,
                "Conflict",
                "taken.txt");
        Response r = a.as().body("{\"parentId\": null}").patch("/api/files/" + id + "/update");
        assertError(r, 400, "ValidationError", "parentId");
        assertError(
                a.as().body("{\"name\": 12}").patch("/api/files/" + id + "/update"), 400, "ValidationError", "name");
    }

    @Test
    void deleteIsPermanent() {
        Arkive a = new Arkive();
        String id = a.file("a.txt", "a", null);
        Response r = a.as().delete("/api/files/" + id + "/delete");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getMap("$"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("success", true, "message", "File permanently deleted"));
        a.as().queryParam("trashed", "true").get("/api/files").then().body("size()", equalTo(0));
        assertError(a.as().patch("/api/files/" + id + "/trash"), 404, "ResourceNotFound", id);
        a.as().get("/api/storage").then().body("totalUsed", equalTo(0));
    }

    @Test
    void unknownIdsAndOtherUsersFilesAre404() {
        Arkive alice = new Arkive();
        Arkive bob = new Arkive();
        String hers = alice.file("a.txt", "a", null);
        for (String id : new String[] {hers, UUID.randomUUID().toString()}) {
            assertError(bob.as().patch("/api/files/" + id + "/star"), 404, "ResourceNotFound", id);
            assertError(bob.as().patch("/api/files/" + id + "/trash"), 404, "ResourceNotFound", id);
            assertError(
                    bob.as().body("{\"name\": \"x.txt\"}").patch("/api/files/" + id + "/update"),
                    404,
                    "ResourceNotFound",
                    id);
            assertError(bob.as().delete("/api/files/" + id + "/delete"), 404, "ResourceNotFound", id);
        }
        assertError(
                bob.as().queryParam("folderId", UUID.randomUUID().toString()).get("/api/files"),
                404,
                "ResourceNotFound",
                "folder");
        alice.as().get("/api/files").then().body("[0].name", equalTo("a.txt")).body("[0].starred", equalTo(false));
    }

    @Test
    void withoutASessionEveryFileRouteIs401() {
        String id = UUID.randomUUID().toString();
        assertError(Arkive.anonymous().get("/api/files"), 401, "Unauthorized", "signed in");
        assertError(Arkive.anonymous().get("/api/files/recent"), 401, "Unauthorized", "signed in");
        assertError(
                given().multiPart("file", "a.txt", "a".getBytes()).post("/api/files/upload"),
                401,
                "Unauthorized",
                "signed in");
        assertError(Arkive.anonymous().patch("/api/files/" + id + "/star"), 401, "Unauthorized", "signed in");
        assertError(Arkive.anonymous().patch("/api/files/" + id + "/trash"), 401, "Unauthorized", "signed in");
        assertError(
                Arkive.anonymous().body("{}").patch("/api/files/" + id + "/update"), 401, "Unauthorized", "signed in");
        assertError(Arkive.anonymous().delete("/api/files/" + id + "/delete"), 401, "Unauthorized", "signed in");
    }
}
