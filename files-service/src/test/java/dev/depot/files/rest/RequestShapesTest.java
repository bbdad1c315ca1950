package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bodies that are not what a route takes are refused with a 400 in the envelope that names the
 * field, never silently half-used: a client sending {@code folderId} where {@code folder_id} is
 * meant learns of it instead of finding its file in the root.
 */
@QuarkusTest
class RequestShapesTest {

    @Test
    void anUnknownJsonFieldIs400NamingItAndNothingIsCreated() {
        Drive d = new Drive();
        String parent = d.folder("Parent", null);
        d.as().body(Map.of("name", "Child", "parentId", parent))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(400)
                .body("success", equalTo(false))
                .body("error", equalTo("ValidationError"))
                .body("details", hasKey("parentId"));
        d.as().get("/api/cdn/folders/root/")
                .then()
                .statusCode(200)
                .body("folders.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("Child")));
    }

    @Test
    void aFolderReadWithGetCanBePutBackChanged() {
        Drive d = new Drive();
        String id = d.folder("Before", null);
        Map<String, Object> read = d.as().get("/api/cdn/folders/" + id + "/")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
        read.put("name", "After");
        d.as().body(read)
                .put("/api/cdn/folders/" + id + "/")
                .then()
                .statusCode(200)
                .body("name", equalTo("After"))
                .body("path", equalTo("/After"));
    }

    @Test
    void wrongTypesAndShapesAre400InTheEnvelopeNamingTheField() {
        Drive d = new Drive();
        d.as().body("[1,2]")
                .post("/api/cdn/folders/")
                .then()
                .statusCode(400)
                .body("success", equalTo(false))
                .body("error", equalTo("ValidationError"));
        d.as().body(Map.of("name", "x", "parent", "not-a-uuid"))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(400)
                .body("details.parent", equalTo("must be a UUID"));
        d.as().body("{\"name\": {\"nested\": true}}")
                .post("/api/cdn/folders/")
                .then()
                .statusCode(400)
                .body("details", hasKey("name"));
        d.as().body("{not json")
                .post("/api/cdn/folders/")
                .then()
                .statusCode(400)
                .body("success", equalTo(false));
    }

    @Test
    void anUnknownFormFieldIs400AndNoFileIsStored() {
        Drive d = new Drive();
        String folder = d.folder("Target", null);
        given().auth()
                .oauth2(d.token)
                .multiPart("file", "a.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("folderId", folder)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(400)
                .body("details", hasKey("folderId"));
        d.as().get("/api/cdn/files/").then().statusCode(200).body("count", equalTo(0));
        String id = given().auth()
                .oauth2(d.token)
                .multiPart("file", "a.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("folder_id", folder)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        given().auth()
                .oauth2(d.token)
                .multiPart("file", "a.txt", "new".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("comment", "v2")
                .put("/api/cdn/files/" + id + "/content")
                .then()
                .statusCode(400)
                .body("details", hasKey("comment"));
        given().auth()
                .oauth2(d.token)
                .multiPart("file", "b.txt", "hi".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("folder_id", folder)
                .post("/api/files/upload")
                .then()
                .statusCode(400)
                .body("details", hasKey("folder_id"));
    }

    @Test
    void aPageSizeAboveTheMaximumIsClampedAndAPageFarPastTheEndIsEmpty() {
        Drive d = new Drive();
        d.folder("One", null);
        d.as().queryParam("page_size", 1000)
                .get("/api/cdn/folders/")
                .then()
                .statusCode(200)
                .body("count", equalTo(1))
                .body("results.size()", equalTo(1));
        d.as().queryParam("page", 999999999)
                .get("/api/cdn/folders/")
                .then()
                .statusCode(200)
                .body("count", equalTo(1))
                .body("results.size()", equalTo(0))
                .body("next", nullValue());
        d.as().queryParam("page_size", 0)
                .get("/api/cdn/folders/")
                .then()
                .statusCode(400)
                .body("details", hasKey("page_size"));
    }
}
