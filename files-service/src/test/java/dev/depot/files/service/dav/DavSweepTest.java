package dev.depot.files.service.dav;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.files.DavLock;
import dev.depot.files.repository.DavLockRepository;
import dev.depot.files.repository.DavPropertyRepository;
import dev.depot.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hourly sweep: expired locks and the dead properties of what was deleted for good go; the rest stays. */
@QuarkusTest
class DavSweepTest {

    @Inject
    DavLocks locks;

    @Inject
    DavLockRepository lockRows;

    @Inject
    DavPropertyRepository properties;

    @Test
    void expiredLocksAndPropertiesOfDeletedFilesGoWhileLiveOnesStay() throws Throwable {
        UUID user = UUID.randomUUID();
        String token = TestTokens.forUser(user);
        String patch = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:set><D:prop>"
                + "<Z:color>blue</Z:color></D:prop></D:set></D:propertyupdate>";
        for (String name : List.of("kept.txt", "gone.txt")) {
            given().auth()
                    .oauth2(token)
                    .body(name.getBytes())
                    .put("/dav/" + name)
                    .then()
                    .statusCode(201);
            given().auth()
                    .oauth2(token)
                    .body(patch)
                    .request("PROPPATCH", "/dav/" + name)
                    .then()
                    .statusCode(207);
        }
        String gone = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .get("/api/cdn/files/?search=gone")
                .then()
                .statusCode(200)
                .extract()
                .path("results[0].id");
        given().auth().oauth2(token).delete("/dav/gone.txt").then().statusCode(204);
        given().auth()
                .oauth2(token)
                .delete("/api/cdn/trash/" + gone + "/")
                .then()
                .statusCode(200);

        DavLock expired = await(() -> locks.lock(user, "/kept.txt", true, false, null, 60));
        DavLock live = await(() -> locks.lock(user, "/other.txt", true, false, null, 600));
        await(() -> Panache.withTransaction(() -> lockRows.update(
                "expiresAt = ?1 where token = ?2",
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1),
                expired.token)));

        await(() -> locks.sweep());

        List<String> tokens = await(() -> Panache.withSession(() -> lockRows.list("ownerId", user))).stream()
                .map(l -> l.token)
                .toList();
        assertThat(tokens).containsExactly(live.token);
        long orphaned = await(() -> Panache.withSession(() -> properties.count("resourceId", UUID.fromString(gone))));
        assertThat(orphaned).isZero();
        given().auth()
                .oauth2(token)
                .header("Depth", "0")
                .body("<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\">"
                        + "<D:prop><Z:color xmlns:Z=\"urn:z\"/></D:prop></D:propfind>")
                .request("PROPFIND", "/dav/kept.txt")
                .then()
                .statusCode(207)
                .body(org.hamcrest.Matchers.containsString("blue"));
    }

    private static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
