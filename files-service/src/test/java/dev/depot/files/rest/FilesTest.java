package dev.depot.files.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FilesTest {

    @Test
    void registeringAFileAnswersTheCdnClientApiFields() {
        Drive d = new Drive();
        String sha = Drive.randomSha();
        d.register("IMG_001.JPG", null, 1048576, "image/jpeg", sha)
                .then()
                .statusCode(201)
                .body("filename", equalTo("IMG_001.JPG"))
                .body("file_size", equalTo(1048576))
                .body("mime_type", equalTo("image/jpeg"))
                .body("file_extension", equalTo("jpg"))
                .body("category", equalTo("images"))
                .body("sha256", equalTo(sha))
                .body("processing_status", equalTo("pending"))
                .body("is_processed", equalTo(false))
                .body("folder", notNullValue())
                .body("cdn_url", equalTo("https://cdn.example.com/IMG_001.JPG"));
    }

    @Test
    void theSameContentInTheSameFolderIs409WithTheExistingId() {
        Drive d = new Drive();
        String sha = Drive.randomSha();
        String first = d.register("one.txt", null, 10, "text/plain", sha)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        d.register("two.txt", null, 10, "text/plain", sha)
                .then()
                .statusCode(409)
                .body("details.existing_file_id", equalTo(first));
        // Elsewhere the same bytes are fine.
        String other = d.folder("other", null);
        d.register("one.txt", other, 10, "text/plain", sha).then().statusCode(201);
    }

    @Test
    void invalidRegistrationsAre400() {
        Drive d = new Drive();
        d.register("", null, 1, "text/plain", null).then().statusCode(400).body("details", hasKey("filename"));
        d.register("a.txt", null, -1, "text/plain", null).then().statusCode(400).body("details", hasKey("file_size"));
        d.register("a.txt", null, 1, "not a type", null).then().statusCode(400).body("details", hasKey("mime_type"));
        d.register("a.txt", null, 1, "text/plain", "xyz").then().statusCode(400).body("details", hasKey("sha256_hash"));
        d.register("../etc/passwd", null, 1, "text/plain", null).then().statusCode(400);
        d.as().body(Map.of(
                        "filename", "a", "file_size", 1, "mime_type", "text/plain", "cdn_url", "javascript:alert(1)"))
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(400)
                .body("details", hasKey("cdn_url"));
    }

    @Test
    void listingFiltersByFolderTypeSearchAndStarredAndOrders() {
        Drive d = new Drive();
        String docs = d.folder("docs", null);
        d.register("b-report.pdf", docs, 300, "application/pdf", null).then().statusCode(201);
        d.register("a-notes.txt", docs, 100, "text/plain", null).then().statusCode(201);
        String photo = d.register("c-photo.png", docs, 200, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        d.register("100%_done.zip", null, 50, "application/zip", null).then().statusCode(201);
        d.as().post("/api/cdn/files/" + photo + "/star/").then().statusCode(200).body("starred", equalTo(true));

        d.as().queryParam("folder_id", docs)
                .queryParam("ordering", "name")
                .get("/api/cdn/files/")
                .then()
                .statusCode(200)
                .body("count", equalTo(3))
                .body("results.filename", contains("a-notes.txt", "b-report.pdf", "c-photo.png"));
        d.as().queryParam("ordering", "-file_size")
                .get("/api/cdn/files/")
                .then()
                .body("results[0].filename", equalTo("b-report.pdf"));
        d.as().queryParam("type", "documents").get("/api/cdn/files/").then().body("count", equalTo(2));
        d.as().queryParam("type", "archives").get("/api/cdn/files/").then().body("count", equalTo(1));
        d.as().queryParam("search", "REPORT").get("/api/cdn/files/").then().body("count", equalTo(1));
        d.as().queryParam("search", "%")
                .get("/api/cdn/files/")
                .then()
                .body("count", equalTo(1))
                .body("results[0].filename", equalTo("100%_done.zip"));
        d.as().queryParam("starred", true).get("/api/cdn/files/").then().body("count", equalTo(1));
        d.as().get("/api/cdn/files/starred/").then().body("size()", equalTo(1)).body("[0].id", equalTo(photo));
        d.as().queryParam("type", "spreadsheets").get("/api/cdn/files/").then().statusCode(400);
        d.as().queryParam("ordering", "owner").get("/api/cdn/files/").then().statusCode(400);
    }

    @Test
    void pagesCarryCountAndLinks() {
        Drive d = new Drive();
        for (int i = 0; i < 5; i++) {
            d.file("f" + i + ".pdf", null);
        }
        d.as().queryParam("page_size", 2)
                .get("/api/cdn/files/")
                .then()
                .body("count", equalTo(5))
                .body("results.size()", equalTo(2))
                .body("previous", equalTo(null))
                .body("next", org.hamcrest.Matchers.containsString("page=2"));
        d.as().queryParam("page_size", 2)
                .queryParam("page", 3)
                .get("/api/cdn/files/")
                .then()
                .body("results.size()", equalTo(1))
                .body("next", equalTo(null));
    }

    @Test
    void recentAnswersTheNewestUpToTheLimit() {
        Drive d = new Drive();
        for (int i = 0; i < 22; i++) {
            d.file("r" + i + ".pdf", null);
        }
        d.as().get("/api/cdn/files/recent/")
                .then()
                .statusCode(200)
                .body("size()", equalTo(20))
                .body("[0].filename", equalTo("r21.pdf"));
        d.as().queryParam("limit", 3).get("/api/cdn/files/recent/").then().body("size()", equalTo(3));
        d.as().queryParam("limit", 51).get("/api/cdn/files/recent/").then().statusCode(400);
    }

    @Test
    void renameAndMoveKeepNamesUniquePerFolder() {
        Drive d = new Drive();
        String a = d.file("a.pdf", null);
        d.file("b.pdf", null);
        String dest = d.folder("dest", null);
        d.as().body(Map.of("name", "B.PDF"))
                .patch("/api/cdn/files/" + a + "/")
                .then()
                .statusCode(409);
        d.as().body(Map.of("name", "c.pdf", "folder_id", dest))
                .patch("/api/cdn/files/" + a + "/")
                .then()
                .statusCode(200)
                .body("filename", equalTo("c.pdf"))
                .body("folder", equalTo(dest))
                .body("file_extension", equalTo("pdf"));
        d.as().body(Map.of("filename", "d.pdf"))
                .put("/api/cdn/files/" + a + "/")
                .then()
                .statusCode(200)
                .body("filename", equalTo("d.pdf"));
        d.as().body(Map.of("filename", "a/b"))
                .patch("/api/cdn/files/" + a + "/")
                .then()
                .statusCode(400);
    }

    @Test
    void trashRestoreAndDeleteForeverOfAFile() {
        Drive d = new Drive();
        String id = d.file("gone.pdf", null);
        d.as().delete("/api/cdn/files/" + id + "/").then().statusCode(200).body("success", equalTo(true));
        d.as().get("/api/cdn/files/").then().body("count", equalTo(0));
        d.as().get("/api/cdn/trash/").then().body("count", equalTo(1)).body("results[0].type", equalTo("file"));

        // A live file took the name meanwhile: the restored one gets a numbered name.
        d.file("gone.pdf", null);
        d.as().post("/api/cdn/trash/" + id + "/restore/")
                .then()
                .statusCode(200)
                .body("restored.name", equalTo("gone (2).pdf"));
        d.as().delete("/api/cdn/files/" + id + "/").then().statusCode(200);
        d.as().delete("/api/cdn/trash/" + id + "/").then().statusCode(200).body("deleted_files", equalTo(1));
        d.as().get("/api/cdn/files/" + id + "/").then().statusCode(404);
        d.as().post("/api/cdn/trash/" + id + "/restore/").then().statusCode(404);
    }

    @Test
    void emptyingTheTrashCountsWhatItDeleted() {
        Drive d = new Drive();
        String box = d.folder("box", null);
        String inner = d.folder("inner", box);
        d.file("x.pdf", inner);
        d.file("y.pdf", box);
        String loose = d.file("loose.pdf", null);
        d.as().delete("/api/cdn/folders/" + box + "/").then().statusCode(200);
        d.as().delete("/api/cdn/files/" + loose + "/").then().statusCode(200);
        d.as().post("/api/cdn/trash/empty/")
                .then()
                .statusCode(200)
                .body("deleted_files", equalTo(3))
                .body("deleted_folders", equalTo(2));
        d.as().get("/api/cdn/trash/").then().body("count", equalTo(0));
        d.as().get("/api/cdn/storage/").then().body("total_used", equalTo(0));
    }

    @Test
    void restoringAFolderBringsBackExactlyWhatItsDeletionTook() {
        Drive d = new Drive();
        String box = d.folder("box", null);
        String earlier = d.file("earlier.pdf", box);
        String later = d.file("later.pdf", box);
        d.as().delete("/api/cdn/files/" + earlier + "/").then().statusCode(200);
        d.as().delete("/api/cdn/folders/" + box + "/").then().statusCode(200);
        d.as().get("/api/cdn/trash/").then().body("count", equalTo(2));
        d.as().post("/api/cdn/trash/" + box + "/restore/").then().statusCode(200);
        d.as().get("/api/cdn/files/" + later + "/").then().body("is_trashed", equalTo(false));
        d.as().get("/api/cdn/files/" + earlier + "/").then().body("is_trashed", equalTo(true));
        d.as().get("/api/cdn/trash/").then().body("count", equalTo(1)).body("results[0].id", equalTo(earlier));
    }

    @Test
    void searchIsCaseInsensitiveLiteralAndLeavesTheTrashOut() {
        Drive d = new Drive();
        String reports = d.folder("Reports 2024", null);
        d.file("Monthly-Report.pdf", reports);
        String trashed = d.file("old report.pdf", null);
        d.as().delete("/api/cdn/files/" + trashed + "/").then().statusCode(200);
        d.file("a_b.txt", null);
        d.file("axb.txt", null);

        d.as().queryParam("q", "report")
                .get("/api/cdn/search/")
                .then()
                .statusCode(200)
                .body("query", equalTo("report"))
                .body("results.files.size()", equalTo(1))
                .body("results.files[0].folder_name", equalTo("Reports 2024"))
                .body("results.folders.size()", equalTo(1))
                .body("results.folders[0].name", equalTo("Reports 2024"));
        d.as().queryParam("q", "a_b").get("/api/cdn/search/").then().body("results.files.size()", equalTo(1));
        d.as().get("/api/cdn/search/").then().statusCode(400);
    }

    @Test
    void storageAnswersTheArkiveShape() {
        Drive d = new Drive();
        d.register("p.png", null, 300, "image/png", null).then().statusCode(201);
        d.register("d.pdf", null, 200, "application/pdf", null).then().statusCode(201);
        String t = d.register("v.mp4", null, 500, "video/mp4", null)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        d.as().delete("/api/cdn/files/" + t + "/").then().statusCode(200);
        var r = d.as().get("/api/cdn/storage/");
        r.then()
                .statusCode(200)
                .body("total_used", equalTo(1000))
                .body("total_available", equalTo(5368709120L))
                .body("percentage_used", equalTo(0))
                .body("trash_size", equalTo(500))
                .body("categories.type", contains("images", "videos", "audio", "documents", "archives", "others"));
        List<Map<String, Object>> categories = r.path("categories");
        assertThat(categories.get(0)).containsEntry("size", 300).containsEntry("count", 1);
        assertThat(categories.get(1)).containsEntry("size", 0);
    }
}
