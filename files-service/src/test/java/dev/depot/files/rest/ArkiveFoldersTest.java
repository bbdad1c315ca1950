package dev.depot.files.rest;

import static dev.depot.files.rest.Arkive.assertError;
import static dev.depot.files.rest.Arkive.assertFolderShape;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /api/folders: Arkive's folder routes, their bodies field by field and the errors the document lists. */
@QuarkusTest
class ArkiveFoldersTest {

    @Test
    void listingWithoutAParentAnswersTheTopLevelFoldersInArkivesShape() {
        Arkive a = new Arkive();
        String docs = a.folder("Documents", null);
        a.folder("Inner", docs);
        Response r = a.as().queryParam("ownerId", a.owner()).get("/api/folders");
        r.then().statusCode(200);
        List<Map<String, Object>> folders = r.jsonPath().getList("$");
        assertThat(folders).hasSize(1);
        assertFolderShape(folders.get(0));
        assertThat(folders.get(0))
                .containsEntry("id", docs)
                .containsEntry("name", "Documents")
                .containsEntry("ownerId", a.owner())
                .containsEntry("parentId", null)
                .containsEntry("starred", false)
                .containsEntry("trashed", false);
    }

    @Test
    void listingByParentIdAnswersItsChildren() {
        Arkive a = new Arkive();
        String parent = a.folder("folder_parent", null);
        String child = a.folder("Documents", parent);
        a.as().queryParam("ownerId", a.owner())
                .queryParam("parentId", parent)
                .get("/api/folders")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(child))
                .body("[0].parentId", equalTo(parent));
    }

    @Test
    void createAnswers201WithTheDocumentsBody() {
        Arkive a = new Arkive();
        String parent = a.folder("Parent", null);
        Response r = a.as().body("{\"name\": \"New Folder\", \"ownerId\": \"" + a.owner() + "\", \"parentId\": \""
                        + parent + "\"}")
                .post("/api/folders/create");
        r.then()
                .statusCode(201)
                .body("success", equalTo(true))
                .body("folder.name", equalTo("New Folder"))
                .body("folder.parentId", equalTo(parent));
        assertFolderShape(r.jsonPath().getMap("folder"));
        a.as().body("{\"name\": \"Top\"}")
                .post("/api/folders/create")
                .then()
                .statusCode(201)
                .body("folder.parentId", nullValue());
    }

    @Test
    void createWithoutANameIs400FolderNameIsRequired() {
        Arkive a = new Arkive();
        assertError(
                a.as().body("{\"ownerId\": \"" + a.owner() + "\"}").post("/api/folders/create"),
                400,
                "ValidationError",
                "Folder name is required");
        assertError(
                a.as().body("{\"name\": \"  \"}").post("/api/folders/create"),
                400,
                "ValidationError",
                "Folder name is required");
        assertError(a.as().body("not json").post("/api/folders/create"), 400, "ValidationError", "JSON");
    }

    @Test
    void aFieldTheRouteDoesNotKnowIs400NamingIt() {
        Arkive a = new Arkive();
        Response r = a.as().body("{\"name\": \"X\", \"folderId\": \"" + UUID.randomUUID() + "\"}")
                .post("/api/folders/create");
        assertError(r, 400, "ValidationError", "folderId");
        assertThat(r.jsonPath().getMap("details")).containsKey("folderId");
        a.as().get("/api/folders").then().body("size()", equalTo(0));
    }

    @Test
    void aSiblingWithTheSameNameIs409() {
        Arkive a = new Arkive();
        a.folder("Music", null);
        assertError(a.createFolder("music", null), 409, "Conflict", "music");
    }

    @Test
    void anOwnerIdOtherThanTheCallersIs403() {
        Arkive a = new Arkive();
        String stranger = UUID.randomUUID().toString();
        assertError(
                a.as().body("{\"name\": \"X\", \"ownerId\": \"" + stranger + "\"}")
                        .post("/api/folders/create"),
                403,
                "Forbidden",
                "ownerId");
        assertError(a.as().queryParam("ownerId", stranger).get("/api/folders"), 403, "Forbidden", "ownerId");
        a.as().get("/api/folders").then().body("size()", equalTo(0));
    }

    @Test
    void aFolderUploadBuildsTheTreeFromThePartNames() {
        Arkive a = new Arkive();
        String parent = a.folder("folder_xyz", null);
        Response r = given().auth()
                .oauth2(a.drive.token)
                .multiPart("ownerId", a.owner())
                .multiPart("parentFolderId", parent)
                .multiPart("MyFolder/file1.txt", "file1.txt", "one".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart(
                        "MyFolder/subfolder/file2.pdf",
                        "file2.pdf",
                        "%PDF-1.4 two".getBytes(StandardCharsets.UTF_8),
                        "application/pdf")
                .post("/api/folders/upload");
        r.then().statusCode(201);
        Map<String, Object> body = r.jsonPath().getMap("$");
        assertThat(body.keySet()).containsExactlyInAnyOrder("success", "folderId", "folderName", "filesUploaded");
        assertThat(body)
                .containsEntry("success", true)
                .containsEntry("folderName", "MyFolder")
                .containsEntry("filesUploaded", 2);
        String myFolder = (String) body.get("folderId");
        a.as().queryParam("parentId", parent).get("/api/folders").then().body("[0].id", equalTo(myFolder));
        a.as().queryParam("folderId", myFolder).get("/api/files").then().body("[0].name", equalTo("file1.txt"));
        assertError(
                given().auth()
                        .oauth2(a.drive.token)
                        .multiPart("parentFolderId", parent)
                        .post("/api/folders/upload"),
                400,
                "ValidationError",
                "No file provided");
    }

    @Test
    void starTogglesAndSaysWhatItDid() {
        Arkive a = new Arkive();
        String id = a.folder("Fav", null);
        Response on = a.as().patch("/api/folders/" + id + "/star");
        on.then().statusCode(200);
        assertThat(on.jsonPath().getMap("$"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("success", true, "starred", true, "message", "Folder starred successfully"));
        a.as().queryParam("starred", "true").get("/api/folders").then().body("[0].id", equalTo(id));
        a.as().patch("/api/folders/" + id + "/star").then().body("starred", equalTo(false));
    }

    @Test
    void trashTakesTheSubtreeAndTheSecondToggleBringsItBack() {
        Arkive a = new Arkive();
        String box = a.folder("Box", null);
        String inner = a.folder("Inner", box);
        String file = a.file("deep.txt", "deep", inner);
        Response in = a.as().patch("/api/folders/" + box + "/trash");
        in.then().statusCode(200);
        assertThat(in.jsonPath().getMap("$"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("success", true, "trashed", true, "message", "Folder moved to trash"));
        a.as().get("/api/folders").then().body("size()", equalTo(0));
        a.as().queryParam("trashed", "true")
                .get("/api/folders")
                .then()
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(box))
                .body("[0].trashed", equalTo(true));
        a.as().queryParam("trashed", "true")
                .queryParam("folderId", inner)
                .get("/api/files")
                .then()
                .body("[0].id", equalTo(file));
        a.as().queryParam("q", "deep").get("/api/search").then().body("files.size()", equalTo(0));

        a.as().patch("/api/folders/" + box + "/trash")
                .then()
                .statusCode(200)
                .body("trashed", equalTo(false))
                .body("message", equalTo("Folder restored from trash"));
        a.as().queryParam("folderId", inner).get("/api/files").then().body("[0].id", equalTo(file));
    }

    @Test
    void updateRenamesAndMovesWithTheDocumentsBody() {
        Arkive a = new Arkive();
        String id = a.folder("Old", null);
        String parent = a.folder("folder_new_parent", null);
        Response r = a.as().body("{\"name\": \"Renamed Folder\", \"parentId\": \"" + parent + "\"}")
                .patch("/api/folders/" + id + "/update");
        r.then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("folder.id", equalTo(id))
                .body("folder.name", equalTo("Renamed Folder"))
                .body("folder.parentId", equalTo(parent));
        assertFolderShape(r.jsonPath().getMap("folder"));
        assertError(
                a.as().body("{\"parentId\": \"" + id + "\"}").patch("/api/folders/" + parent + "/update"),
                400,
                "ValidationError",
                "inside");
        a.as().body("{\"parentId\": null}")
                .patch("/api/folders/" + id + "/update")
                .then()
                .statusCode(200)
                .body("folder.parentId", nullValue());
        assertError(
                a.as().body("{\"folderId\": null}").patch("/api/folders/" + id + "/update"),
                400,
                "ValidationError",
                "folderId");
    }

    @Test
    void deleteRemovesTheWholeSubtreeForGood() {
        Arkive a = new Arkive();
        String box = a.folder("Box", null);
        String inner = a.folder("Inner", box);
        a.file("deep.txt", "deep", inner);
        Response r = a.as().delete("/api/folders/" + box + "/delete");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getMap("$"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("success", true, "message", "Folder and all contents permanently deleted"));
        assertError(a.as().queryParam("folderId", inner).get("/api/files"), 404, "ResourceNotFound", inner);
        a.as().get("/api/storage").then().body("totalUsed", equalTo(0));
    }

    @Test
    void unknownIdsAndOtherUsersFoldersAre404() {
        Arkive alice = new Arkive();
        Arkive bob = new Arkive();
        String hers = alice.folder("Private", null);
        for (String id : new String[] {hers, UUID.randomUUID().toString()}) {
            assertError(bob.as().patch("/api/folders/" + id + "/star"), 404, "ResourceNotFound", id);
            assertError(bob.as().patch("/api/folders/" + id + "/trash"), 404, "ResourceNotFound", id);
            assertError(
                    bob.as().body("{\"name\": \"x\"}").patch("/api/folders/" + id + "/update"),
                    404,
                    "ResourceNotFound",
                    id);
            assertError(bob.as().delete("/api/folders/" + id + "/delete"), 404, "ResourceNotFound", id);
            assertError(bob.as().queryParam("parentId", id).get("/api/folders"), 404, "ResourceNotFound", id);
            assertError(bob.createFolder("x", id), 404, "ResourceNotFound", id);
        }
        alice.as().get("/api/folders").then().body("[0].name", equalTo("Private"));
    }

    @Test
    void anIdThatCannotExistIs404AndIsNotSentBackWhole() {
        Arkive bob = new Arkive();
        assertError(bob.createFolder("x", "not-an-id"), 404, "ResourceNotFound", "not-an-id");
        String huge = "b".repeat(120_000);
        String message =
                bob.createFolder("x", huge).then().statusCode(404).extract().path("message");
        assertThat(message).hasSizeLessThan(100).startsWith("folder " + "b".repeat(64));
    }

    @Test
    void withoutASessionEveryFolderRouteIs401() {
        String id = UUID.randomUUID().toString();
        assertError(Arkive.anonymous().get("/api/folders"), 401, "Unauthorized", "signed in");
        assertError(
                Arkive.anonymous().body("{\"name\": \"x\"}").post("/api/folders/create"),
                401,
                "Unauthorized",
                "signed in");
        assertError(
                given().multiPart("A/a.txt", "a.txt", "a".getBytes()).post("/api/folders/upload"),
                401,
                "Unauthorized",
                "signed in");
        assertError(Arkive.anonymous().patch("/api/folders/" + id + "/star"), 401, "Unauthorized", "signed in");
        assertError(Arkive.anonymous().patch("/api/folders/" + id + "/trash"), 401, "Unauthorized", "signed in");
        assertError(
                Arkive.anonymous().body("{}").patch("/api/folders/" + id + "/update"),
                401,
                "Unauthorized",
                "signed in");
        assertError(Arkive.anonymous().delete("/api/folders/" + id + "/delete"), 401, "Unauthorized", "signed in");
    }
}
