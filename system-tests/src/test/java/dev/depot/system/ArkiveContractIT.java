package dev.depot.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Arkive-compatible routes end to end through the gateway: a client written for Arkive's drive API
 * creates, uploads, lists, stars, trashes, renames, searches and empties the trash, and the file URLs
 * it is given download the bytes.
 */
@ExtendWith(SharedSuite.class)
class ArkiveContractIT {

    private static String gateway;

    @BeforeAll
    static void start() {
        gateway = SharedSuite.suite().url("gateway");
    }

    record User(String id, String token) {
        RequestSpecification api() {
            return given().baseUri(gateway).auth().oauth2(token).contentType(ContentType.JSON);
        }
    }

    @Test
    void anArkiveClientWalksItsWholeFlowThroughTheGateway() {
        User u = register();
        String content = "the quarterly numbers";

        String folderId = u.api()
                .body(Map.of("name", "Reports", "ownerId", u.id()))
                .post("/api/folders/create")
                .then()
                .statusCode(201)
                .body("success", equalTo(true))
                .body("folder.name", equalTo("Reports"))
                .body("folder.parentId", nullValue())
                .extract()
                .path("folder.id");

        Response uploaded = given().baseUri(gateway)
                .auth()
                .oauth2(u.token())
                .multiPart("file", "monthly-report.txt", content.getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("ownerId", u.id())
                .multiPart("folderId", folderId)
                .post("/api/files/upload");
        uploaded.then()
                .statusCode(201)
                .body("success", equalTo(true))
                .body("file.name", equalTo("monthly-report.txt"))
                .body("file.size", equalTo(content.length()))
                .body("file.folderId", equalTo(folderId));
        String fileId = uploaded.path("file.id");
        String url = uploaded.path("file.url");
        assertThat(url).startsWith(gateway + "/cdn/" + fileId + "/");
        assertThat(given().get(url).then().statusCode(200).extract().asString()).isEqualTo(content);

        u.api()
                .queryParam("ownerId", u.id())
                .queryParam("folderId", folderId)
                .get("/api/files")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(fileId))
                .body("[0].mimetype", equalTo("text/plain"))
                .body("[0].ownerId", equalTo(u.id()));
        u.api()
                .queryParam("ownerId", u.id())
                .get("/api/folders")
                .then()
                .statusCode(200)
                .body("[0].id", equalTo(folderId));

        u.api()
                .patch("/api/files/" + fileId + "/star")
                .then()
                .statusCode(200)
                .body("starred", equalTo(true))
                .body("message", equalTo("File starred successfully"));
        u.api().patch("/api/files/" + fileId + "/trash").then().statusCode(200).body("trashed", equalTo(true));
        u.api().queryParam("trashed", "true").get("/api/files").then().body("[0].id", equalTo(fileId));
        u.api().patch("/api/files/" + fileId + "/trash").then().statusCode(200).body("trashed", equalTo(false));

        u.api()
                .body(Map.of("name", "annual-report.txt"))
                .patch("/api/files/" + fileId + "/update")
                .then()
                .statusCode(200)
                .body("file.name", equalTo("annual-report.txt"))
                .body("file.folderId", equalTo(folderId));
        u.api()
                .body(Map.of("name", "x", "folderId", folderId))
                .post("/api/folders/create")
                .then()
                .statusCode(400)
                .body("success", equalTo(false))
                .body("message", org.hamcrest.Matchers.containsString("folderId"));

        Response found =
                u.api().queryParam("q", "ANNUAL").queryParam("ownerId", u.id()).get("/api/search");
        found.then()
                .statusCode(200)
                .body("files[0].id", equalTo(fileId))
                .body("files[0].folderName", equalTo("Reports"));
        assertThat(given().get(found.<String>path("files[0].url"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .isEqualTo(content);

        Response storage = u.api().queryParam("ownerId", u.id()).get("/api/storage");
        storage.then()
                .statusCode(200)
                .body("totalUsed", equalTo(content.length()))
                .body("categories.type", hasItems("documents", "images", "videos", "others"));
        List<Map<String, Object>> categories = storage.jsonPath().getList("categories");
        assertThat(categories).hasSize(4);

        u.api()
                .queryParam("ownerId", UUID.randomUUID().toString())
                .get("/api/storage")
                .then()
                .statusCode(403)
                .body("success", equalTo(false));
        given().baseUri(gateway).get("/api/files").then().statusCode(401).body("error", equalTo("Unauthorized"));

        u.api()
                .patch("/api/folders/" + folderId + "/trash")
                .then()
                .statusCode(200)
                .body("trashed", equalTo(true));
        u.api()
                .queryParam("ownerId", u.id())
                .delete("/api/empty-trash")
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("deletedFiles", equalTo(1))
                .body("deletedFolders", equalTo(1))
                .body("message", equalTo("Trash emptied successfully"));
        u.api().get("/api/storage").then().body("totalUsed", equalTo(0));
        given().get(url).then().statusCode(403);
    }

    @Test
    void theGatewayListsTheArkiveRoutesAndCountsTheirUploadsAndSearchesAsSuch() {
        Response index = given().baseUri(gateway).get("/api");
        index.then().statusCode(200);
        List<String> filesPrefixes = index.jsonPath().getList("services.find { it.name == 'files-service' }.prefixes");
        assertThat(filesPrefixes)
                .contains("/api/files", "/api/folders", "/api/storage", "/api/search", "/api/empty-trash");
        List<String> upload = index.jsonPath().getList("policies.find { it.name == 'upload' }.match");
        assertThat(upload).contains("POST /api/files/upload", "POST /api/folders/upload");
        List<String> search = index.jsonPath().getList("policies.find { it.name == 'search' }.match");
        assertThat(search).contains("GET /api/search/**");
    }

    private static User register() {
        String name = "ar" + UUID.randomUUID().toString().substring(0, 8);
        Response r = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("email", name + "@example.com", "username", name, "password", "a long enough passphrase"))
                .post("/api/auth/register");
        r.then().statusCode(201);
        return new User(r.path("user.id"), r.path("access_token"));
    }
}
