package dev.depot.files.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.common.jobs.ReplicaLock;
import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The retention purge deletes for good what has waited long enough in the trash, and nothing else. */
@QuarkusTest
class TrashPurgeTest {

    @Inject
    TrashService trash;

    @Inject
    TrashPurgeJob job;

    @Inject
    Pool pool;

    @Test
    void theJobSkipsItsRunWhileAnotherReplicaIsPurging() throws Throwable {
        CountDownLatch purging = new CountDownLatch(1);
        CompletableFuture<Void> finish = new CompletableFuture<>();
        // Another replica, in the middle of its purge: it holds the job's lock in the shared database.
        CompletableFuture<Boolean> otherReplica = ReplicaLock.runAlone(pool, TrashPurgeJob.JOB, () -> {
                    purging.countDown();
                    return Uni.createFrom().completionStage(finish);
                })
                .subscribeAsCompletionStage();
        assertThat(purging.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(runJob()).as("skipped while the other replica purges").isFalse();
        } finally {
            finish.complete(null);
        }
        assertThat(otherReplica.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runJob()).as("runs once the other replica is done").isTrue();
    }

    private boolean runJob() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> job.purgeUnlessRunningElsewhere());
    }

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
