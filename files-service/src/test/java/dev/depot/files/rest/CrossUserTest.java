package dev.depot.files.rest;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Another user's ids answer 404 everywhere, exactly as ids that do not exist. */
@QuarkusTest
class CrossUserTest {

    @Test
    void anotherUsersFoldersAndFilesAre404Everywhere() {
        Drive owner = new Drive();
        Drive stranger = new Drive();
        String folder = owner.folder("private", null);
        String file = owner.file("secret.pdf", folder);
        String trashed = owner.file("trashed.pdf", null);
        owner.as().delete("/api/cdn/files/" + trashed + "/").then().statusCode(200);

        String[] gets = {
            "/api/cdn/folders/" + folder + "/",
            "/api/cdn/folders/" + folder + "/contents/",
            "/api/cdn/files/" + file + "/"
        };
        for (String path : gets) {
            stranger.as().get(path).then().statusCode(404).body("error", equalTo("ResourceNotFound"));
        }
        stranger.as()
                .queryParam("folder_id", folder)
                .get("/api/cdn/files/")
                .then()
                .statusCode(404);
        stranger.as()
                .body(Map.of("name", "x"))
                .patch("/api/cdn/folders/" + folder + "/")
                .then()
                .statusCode(404);
        stranger.as()
                .body(Map.of("name", "x"))
                .patch("/api/cdn/files/" + file + "/")
                .then()
                .statusCode(404);
        stranger.as().delete("/api/cdn/folders/" + folder + "/").then().statusCode(404);
        stranger.as().delete("/api/cdn/files/" + file + "/").then().statusCode(404);
        stranger.as().post("/api/cdn/folders/" + folder + "/star/").then().statusCode(404);
        stranger.as().post("/api/cdn/files/" + file + "/star/").then().statusCode(404);
        stranger.as().post("/api/cdn/trash/" + trashed + "/restore/").then().statusCode(404);
        stranger.as().delete("/api/cdn/trash/" + trashed + "/").then().statusCode(404);
        // Creating into, or moving into, another user's folder.
        stranger.createFolder("in", folder).then().statusCode(404);
        stranger.register("x.pdf", folder, 1, "application/pdf", null).then().statusCode(404);
        String mine = stranger.file("mine.pdf", null);
        stranger.as()
                .body(Map.of("folder_id", folder))
                .patch("/api/cdn/files/" + mine + "/")
                .then()
                .statusCode(404);

        stranger.as().get("/api/cdn/files/").then().body("count", equalTo(1));
        stranger.as().queryParam("q", "secret").get("/api/cdn/search/").then().body("results.files.size()", equalTo(0));
        stranger.as().get("/api/cdn/trash/").then().body("count", equalTo(0));
        // Nothing the stranger did changed the owner's things.
        owner.as().get("/api/cdn/files/" + file + "/").then().statusCode(200).body("is_trashed", equalTo(false));
    }
}
