package dev.depot.files.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The retention purge deletes for good what has waited long enough in the trash, and nothing else. */
@QuarkusTest
class TrashPurgeTest {

    @Inject
    TrashService trash;

    @Test
    void entriesOlderThanTheCutoffAreDeletedForGoodAndNewerOnesStay() throws Throwable {
        String token = TestTokens.forUser(UUID.randomUUID());
        String folder = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "old"))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("filename", "in.pdf", "file_size", 5, "mime_type", "application/pdf", "folder_id", folder))
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(token)
                .delete("/api/cdn/folders/" + folder + "/")
                .then()
                .statusCode(200);

        var none = purge(OffsetDateTime.now(ZoneOffset.UTC).minusDays(30));
        assertThat(none.deletedFiles() + none.deletedFolders())
                .as("nothing is 30 days old yet")
                .isZero();
        given().auth().oauth2(token).get("/api/cdn/trash/").then().body("count", equalTo(1));

        var purged = purge(OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1));
        assertThat(purged.deletedFolders()).isGreaterThanOrEqualTo(1);
        assertThat(purged.deletedFiles()).isGreaterThanOrEqualTo(1);
        given().auth().oauth2(token).get("/api/cdn/trash/").then().body("count", equalTo(0));
        given().auth()
                .oauth2(token)
                .get("/api/cdn/folders/" + folder + "/")
                .then()
                .statusCode(404);
        given().auth().oauth2(token).get("/api/cdn/storage/").then().body("total_used", equalTo(0));
    }

    /** As the scheduler runs it: on a Vert.x context, which Hibernate Reactive needs. */
    private TrashService.Emptied purge(OffsetDateTime cutoff) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> trash.purgeOlderThan(cutoff));
    }

    @Test
    void putRenamesAFolderLikePatch() {
        String token = TestTokens.forUser(UUID.randomUUID());
        String folder = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "before"))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "after"))
                .put("/api/cdn/folders/" + folder + "/")
                .then()
                .statusCode(200)
                .body("path", equalTo("/after"));
    }
}
