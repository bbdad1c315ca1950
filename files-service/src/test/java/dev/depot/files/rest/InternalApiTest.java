package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /internal/: sharing-service's view of files-service, guarded by the service secret. */
@QuarkusTest
class InternalApiTest {

    static RequestSpecification service() {
        return given().header("X-Depot-Service-Token", "test-internal-secret").contentType(ContentType.JSON);
    }

    static Map<String, Object> item(String type, String id) {
        return Map.of("resource_type", type, "resource_id", id);
    }

    static Map<String, Object> lookupBody(UUID user, List<Map<String, Object>> items) {
        Map<String, Object> body = new HashMap<>();
        body.put("items", items);
        body.put("user_id", user == null ? null : user.toString());
        return body;
    }

    @Test
    void withoutTheServiceSecretEverythingIs403() {
        Drive owner = new Drive();
        String folder = owner.folder("guarded", null);
        Map<String, Object> lookup = lookupBody(null, List.of(item("folder", folder)));
        given().contentType(ContentType.JSON)
                .body(lookup)
                .post("/internal/resources/lookup")
                .then()
                .statusCode(403)
                .body("success", equalTo(false))
                .body("error", equalTo("Forbidden"));
        given().header("X-Depot-Service-Token", "wrong")
                .contentType(ContentType.JSON)
                .body(lookup)
                .post("/internal/resources/lookup")
                .then()
                .statusCode(403);
        // A user's token is no service identity.
        owner.as().body(lookup).post("/internal/resources/lookup").then().statusCode(403);
        given().get("/internal/shared/folder/" + folder + "/contents").then().statusCode(403);
        given().contentType(ContentType.JSON)
                .body(Map.of("folder_id", folder))
                .post("/internal/drop-tickets")
                .then()
                .statusCode(403);
        service().body(lookup).post("/internal/resources/lookup").then().statusCode(200);
    }

    @Test
    void lookupTellsStateOwnerDetailsAndAccessInRequestOrder() {
        Drive owner = new Drive();
        Drive grantee = new Drive();
        String folder = owner.folder("docs", null);
        String file = owner.file("a.pdf", folder);
        String trashedFile = owner.file("t.pdf", null);
        String trashedFolder = owner.folder("old", null);
        owner.as().delete("/api/cdn/files/" + trashedFile + "/").then().statusCode(200);
        owner.as().delete("/api/cdn/folders/" + trashedFolder + "/").then().statusCode(200);
        String gone = UUID.randomUUID().toString();
        SharedAccessTest.grant(owner, "folder", folder, grantee, "edit");

        List<Map<String, Object>> items = List.of(
                item("file", file),
                item("folder", folder),
                item("file", trashedFile),
                item("folder", trashedFolder),
                item("file", gone),
                item("folder", file));
        JsonPath r = service()
                .body(lookupBody(grantee.user, items))
                .post("/internal/resources/lookup")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(r.getList("results.resource_id"))
                .containsExactly(file, folder, trashedFile, trashedFolder, gone, file);
        assertThat(r.getList("results.state")).containsExactly("live", "live", "trashed", "trashed", "gone", "gone");
        assertThat(r.getList("results.access")).containsExactly("edit", "edit", null, null, null, null);
        assertThat(r.getString("results[0].owner_id")).isEqualTo(owner.user.toString());
        assertThat(r.getString("results[0].name")).isEqualTo("a.pdf");
        assertThat(r.getInt("results[0].size")).isEqualTo(1000);
        assertThat(r.getString("results[0].mime_type")).isEqualTo("application/pdf");
        assertThat(r.getString("results[0].parent_id")).isEqualTo(folder);
        assertThat(r.getString("results[0].path")).isNull();
        assertThat(r.getString("results[1].name")).isEqualTo("docs");
        assertThat(r.getString("results[1].path")).isEqualTo("/docs");
        assertThat(r.getString("results[1].parent_id")).isNotNull();
        assertThat(r.getString("results[2].owner_id")).isEqualTo(owner.user.toString());
        assertThat(r.getString("results[4].resource_type")).isEqualTo("file");
        assertThat(r.getString("results[4].owner_id")).isNull();
        assertThat(r.getString("results[4].name")).isNull();

        service()
                .body(lookupBody(owner.user, items))
                .post("/internal/resources/lookup")
                .then()
                .body("results.access", contains("owner", "owner", null, null, null, null));
        service()
                .body(lookupBody(null, items))
                .post("/internal/resources/lookup")
                .then()
                .body("results.access", contains(null, null, null, null, null, null));
        service()
                .body(lookupBody(UUID.randomUUID(), items))
                .post("/internal/resources/lookup")
                .then()
                .body("results.access", contains(null, null, null, null, null, null))
                .body("results.state", contains("live", "live", "trashed", "trashed", "gone", "gone"));
    }

    @Test
    void lookupRefusesTooManyItemsAndUnknownTypes() {
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add(item("file", UUID.randomUUID().toString()));
        }
        service()
                .body(lookupBody(null, many))
                .post("/internal/resources/lookup")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"));
        service()
                .body(lookupBody(null, many.subList(0, 200)))
                .post("/internal/resources/lookup")
                .then()
                .statusCode(200)
                .body("results.size()", equalTo(200));
        service()
                .body(lookupBody(null, List.of(item("album", UUID.randomUUID().toString()))))
                .post("/internal/resources/lookup")
                .then()
                .statusCode(400);
        service().body(Map.of()).post("/internal/resources/lookup").then().statusCode(400);
    }

    @Test
    void sharedContentsStayInsideTheSharedRoot() {
        Drive owner = new Drive();
        Drive other = new Drive();
        String parent = owner.folder("parent", null);
        String root = owner.folder("shared", parent);
        String sub = owner.folder("sub", root);
        String deeper = owner.folder("deeper", sub);
        String sibling = owner.folder("sibling", parent);
        String othersFolder = other.folder("theirs", null);
        owner.file("top.pdf", root);
        owner.file("in-sub.pdf", sub);
        owner.file("secret.pdf", sibling);

        String base = "/internal/shared/folder/" + root + "/contents";
        JsonPath top = service().get(base).then().statusCode(200).extract().jsonPath();
        assertThat(top.getString("folder.id")).isEqualTo(root);
        assertThat(top.getString("folder.name")).isEqualTo("shared");
        assertThat(top.getString("folder.parent_id")).isNull();
        assertThat(top.getList("folders.id")).containsExactly(sub);
        assertThat(top.getInt("files.count")).isEqualTo(1);
        assertThat(top.getString("files.results[0].filename")).isEqualTo("top.pdf");
        assertThat(top.getInt("files.results[0].file_size")).isEqualTo(1000);
        assertThat(top.getMap("files.results[0]"))
                .containsOnlyKeys(
                        "id",
                        "filename",
                        "file_size",
                        "mime_type",
                        "created_at",
                        "updated_at",
                        "thumbnail_url",
                        "preview_url",
                        "width",
                        "height",
                        "page_count",
                        "text_preview",
                        "processing_status");
        // Registered, never processed: no images to show.
        assertThat(top.getString("files.results[0].thumbnail_url")).isNull();

        service()
                .queryParam("folder_id", sub)
                .get(base)
                .then()
                .statusCode(200)
                .body("folder.parent_id", equalTo(root))
                .body("files.results.filename", contains("in-sub.pdf"))
                .body("folders.id", contains(deeper));
        service().queryParam("folder_id", deeper).get(base).then().statusCode(200);
        service().queryParam("folder_id", root).get(base).then().statusCode(200).body("folder.parent_id", nullValue());
        service()
                .queryParam("page_size", 1)
                .queryParam("page", 2)
                .get(base)
                .then()
                .statusCode(200)
                .body("files.results.size()", equalTo(0))
                .body("files.count", equalTo(1));

        for (String outside :
                List.of(sibling, othersFolder, parent, UUID.randomUUID().toString())) {
            service()
                    .queryParam("folder_id", outside)
                    .get(base)
                    .then()
                    .statusCode(404)
                    .body("error", equalTo("ResourceNotFound"));
        }
        service()
                .get("/internal/shared/folder/" + UUID.randomUUID() + "/contents")
                .then()
                .statusCode(404);
        service().get("/internal/shared/file/" + root + "/contents").then().statusCode(404);

        owner.as().delete("/api/cdn/folders/" + sub + "/").then().statusCode(200);
        service().queryParam("folder_id", sub).get(base).then().statusCode(404);
        service().queryParam("folder_id", deeper).get(base).then().statusCode(404);
        owner.as().post("/api/cdn/trash/" + sub + "/restore/").then().statusCode(200);
        service().queryParam("folder_id", deeper).get(base).then().statusCode(200);
        owner.as().delete("/api/cdn/folders/" + root + "/").then().statusCode(200);
        service().get(base).then().statusCode(404);
        service().queryParam("folder_id", sub).get(base).then().statusCode(404);
    }

    @Test
    void aFileIsReachableOnlyThroughTheShareThatHoldsIt() {
        Drive owner = new Drive();
        Drive other = new Drive();
        String parent = owner.folder("p", null);
        String root = owner.folder("r", parent);
        String sub = owner.folder("s", root);
        String inside = owner.file("inside.pdf", sub);
        String besideRoot = owner.file("beside.pdf", parent);
        String othersFile = other.file("theirs.pdf", null);

        service()
                .get("/internal/shared/folder/" + root + "/files/" + inside)
                .then()
                .statusCode(200)
                .body("id", equalTo(inside))
                .body("filename", equalTo("inside.pdf"))
                .body("file_size", equalTo(1000))
                .body("mime_type", equalTo("application/pdf"))
                .body("$", not(hasKey("owner_id")))
                .body("$", not(hasKey("sha256")));
        service()
                .get("/internal/shared/file/" + inside + "/files/" + inside)
                .then()
                .statusCode(200);
        for (String path : List.of(
                "/internal/shared/folder/" + root + "/files/" + besideRoot,
                "/internal/shared/folder/" + root + "/files/" + othersFile,
                "/internal/shared/folder/" + sub + "/files/" + UUID.randomUUID(),
                "/internal/shared/file/" + inside + "/files/" + besideRoot,
                "/internal/shared/file/" + besideRoot + "/files/" + inside)) {
            service().get(path).then().statusCode(404);
            service().post(path + "/signed-url").then().statusCode(404);
        }
        service()
                .get("/internal/shared/album/" + root + "/files/" + inside)
                .then()
                .statusCode(400);

        owner.as().delete("/api/cdn/files/" + inside + "/").then().statusCode(200);
        service()
                .get("/internal/shared/folder/" + root + "/files/" + inside)
                .then()
                .statusCode(404);
        service()
                .get("/internal/shared/file/" + inside + "/files/" + inside)
                .then()
                .statusCode(404);
    }

    @Test
    void aSignedUrlServesTheBytesAndCountsAsADownload() {
        Drive owner = new Drive();
        String root = owner.folder("pics", null);
        byte[] bytes = BytesTest.png(2500);
        String file = SharedAccessTest.uploaded(owner, "my pic.png", bytes, root);
        owner.as().get("/api/cdn/files/" + file + "/").then().body("last_accessed", nullValue());

        JsonPath link = service()
                .post("/internal/shared/folder/" + root + "/files/" + file + "/signed-url")
                .then()
                .statusCode(200)
                .body("filename", equalTo("my pic.png"))
                .body("size", equalTo(2500))
                .body("mime_type", equalTo("image/png"))
                .body("download_url", startsWith("/cdn/" + file + "/"))
                .extract()
                .jsonPath();
        assertThat(link.getString("expires_at")).isNotNull();
        assertThat(given().urlEncodingEnabled(false)
                        .get(link.getString("download_url"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray())
                .isEqualTo(bytes);
        owner.as().get("/api/cdn/files/" + file + "/").then().body("last_accessed", not(nullValue()));
        service()
                .post("/internal/shared/file/" + file + "/files/" + file + "/signed-url")
                .then()
                .statusCode(200);

        String elsewhere = owner.file("hosted.pdf", root);
        service()
                .post("/internal/shared/folder/" + root + "/files/" + elsewhere + "/signed-url")
                .then()
                .statusCode(200)
                .body("download_url", equalTo("https://cdn.example.com/hosted.pdf"));
    }
}
