package dev.depot.files.rest;

import static dev.depot.files.rest.Arkive.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /api/storage, /api/search and /api/empty-trash. */
@QuarkusTest
class ArkiveDriveTest {

    @Test
    void storageListsArkivesFourCategoriesEvenWhenEmpty() {
        Arkive a = new Arkive();
        a.file("notes.txt", "0123456789", null);
        Response r = a.as().queryParam("ownerId", a.owner()).get("/api/storage");
        r.then().statusCode(200);
        Map<String, Object> body = r.jsonPath().getMap("$");
        assertThat(body.keySet())
                .containsExactlyInAnyOrder("totalUsed", "totalAvailable", "percentageUsed", "categories");
        assertThat(body).containsEntry("totalUsed", 10).containsEntry("percentageUsed", 0);
        assertThat(((Number) body.get("totalAvailable")).longValue()).isEqualTo(5368709120L);
        List<Map<String, Object>> categories = r.jsonPath().getList("categories");
        assertThat(categories)
                .extracting(c -> c.get("type"))
                .containsExactly("documents", "images", "videos", "others");
        assertThat(categories)
                .extracting(c -> c.get("name"))
                .containsExactly("Documents", "Images", "Videos", "Others");
        Map<String, Object> documents = categories.get(0);
        assertThat(documents.keySet()).containsExactlyInAnyOrder("type", "name", "size", "count", "lastUpdate");
        assertThat(documents).containsEntry("size", 10).containsEntry("count", 1);
        assertThat((String) documents.get("lastUpdate")).matches(Arkive.ISO_MILLIS);
        assertThat(categories.get(2))
                .containsEntry("size", 0)
                .containsEntry("count", 0)
                .containsEntry("lastUpdate", null);
    }

    @Test
    void searchIsCaseInsensitiveLeavesTheTrashOutAndNamesEachFilesFolder() {
        Arkive a = new Arkive();
        String docs = a.folder("Documents", null);
        String report = a.file("monthly-REPORT.pdf", "r", docs);
        String top = a.file("report-top.txt", "t", null);
        String gone = a.file("old-report.txt", "o", null);
        a.as().patch("/api/files/" + gone + "/trash").then().statusCode(200);
        String folder = a.folder("Reports 2024", null);

        Response r = a.as().queryParam("q", "report")
                .queryParam("ownerId", a.owner())
                .get("/api/search");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getMap("$").keySet()).containsExactlyInAnyOrder("files", "folders");
        List<Map<String, Object>> files = r.jsonPath().getList("files");
        assertThat(files).extracting(f -> f.get("id")).containsExactlyInAnyOrder(report, top);
        Map<String, Object> inDocs = files.stream()
                .filter(f -> f.get("id").equals(report))
                .findFirst()
                .orElseThrow();
        assertThat(inDocs)
                .containsEntry("name", "monthly-REPORT.pdf")
                .containsEntry("folderId", docs)
                .containsEntry("folderName", "Documents")
                .containsEntry("size", 1);
        assertThat((String) inDocs.get("url")).contains("/cdn/" + report + "/");
        Map<String, Object> atTop =
                files.stream().filter(f -> f.get("id").equals(top)).findFirst().orElseThrow();
        assertThat(atTop).containsEntry("folderId", null).containsEntry("folderName", null);
        r.then()
                .body("folders.size()", equalTo(1))
                .body("folders[0].id", equalTo(folder))
                .body("folders[0].name", equalTo("Reports 2024"))
                .body("folders[0].parentId", equalTo(null));
    }

    @Test
    void searchWithoutQIs400() {
        Arkive a = new Arkive();
        assertError(a.as().get("/api/search"), 400, "ValidationError", "q is required");
        assertError(a.as().queryParam("q", " ").get("/api/search"), 400, "ValidationError", "q is required");
    }

    @Test
    void emptyTrashDeletesEveryTrashedItemForGoodAndCountsThem() {
        Arkive a = new Arkive();
        String box = a.folder("Box", null);
        a.file("in-box.txt", "x", box);
        a.folder("Inner", box);
        String loose = a.file("loose.txt", "y", null);
        String kept = a.file("kept.txt", "z", null);
        a.as().patch("/api/folders/" + box + "/trash").then().statusCode(200);
        a.as().patch("/api/files/" + loose + "/trash").then().statusCode(200);

        Response r = a.as().queryParam("ownerId", a.owner()).delete("/api/empty-trash");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getMap("$"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "success",
                        true,
                        "deletedFiles",
                        2,
                        "deletedFolders",
                        2,
                        "message",
                        "Trash emptied successfully"));
        a.as().queryParam("trashed", "true").get("/api/files").then().body("size()", equalTo(0));
        a.as().queryParam("trashed", "true").get("/api/folders").then().body("size()", equalTo(0));
        a.as().get("/api/files").then().body("size()", equalTo(1)).body("[0].id", equalTo(kept));
        a.as().get("/api/storage").then().body("totalUsed", equalTo(1));
    }

    @Test
    void anOwnerIdOtherThanTheCallersIs403AndNoSessionIs401() {
        Arkive a = new Arkive();
        String stranger = UUID.randomUUID().toString();
        assertError(a.as().queryParam("ownerId", stranger).get("/api/storage"), 403, "Forbidden", "ownerId");
        assertError(
                a.as().queryParam("ownerId", stranger).queryParam("q", "x").get("/api/search"),
                403,
                "Forbidden",
                "ownerId");
        a.file("stays.txt", "s", null);
        a.as().patch("/api/files/" + a.file("trashed.txt", "t", null) + "/trash")
                .then()
                .statusCode(200);
        assertError(a.as().queryParam("ownerId", stranger).delete("/api/empty-trash"), 403, "Forbidden", "ownerId");
        a.as().queryParam("trashed", "true").get("/api/files").then().body("size()", equalTo(1));

        assertError(Arkive.anonymous().get("/api/storage"), 401, "Unauthorized", "signed in");
        assertError(Arkive.anonymous().queryParam("q", "x").get("/api/search"), 401, "Unauthorized", "signed in");
        assertError(Arkive.anonymous().delete("/api/empty-trash"), 401, "Unauthorized", "signed in");
    }
}
