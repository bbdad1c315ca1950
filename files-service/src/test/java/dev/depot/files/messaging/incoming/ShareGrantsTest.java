package dev.depot.files.messaging.incoming;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.SharePayload;
import dev.depot.files.Shares;
import dev.depot.files.repository.ShareGrantRepository;
import dev.depot.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** User-share grants arrive as share events over the real broker and decide what a grantee may do. */
@QuarkusTest
class ShareGrantsTest {

    @Inject
    ShareGrantRepository grants;

    final UUID owner = UUID.randomUUID();
    final String ownerToken = TestTokens.forUser(owner);
    final UUID grantee = UUID.randomUUID();
    final String granteeToken = TestTokens.forUser(grantee);

    @Test
    void aShareGrantsItsLevelAnUpdateDowngradesItAndARevokeTakesItAway() {
        String file = register("plan.pdf");
        assertThat(status(granteeToken, "/api/cdn/files/" + file + "/")).isEqualTo(404);

        SharePayload share = Shares.created(Shares.user(owner, "file", file, grantee, "download"));
        Shares.await("download granted", () -> status(granteeToken, "/api/cdn/files/" + file + "/download/"), 200);
        assertThat(status(granteeToken, "/api/cdn/files/" + file + "/")).isEqualTo(200);

        Shares.updated(Shares.withLevel(share, "view"));
        Shares.await("downgraded to view", () -> status(granteeToken, "/api/cdn/files/" + file + "/download/"), 403);
        assertThat(status(granteeToken, "/api/cdn/files/" + file + "/")).isEqualTo(200);

        Shares.revoke(share);
        Shares.await("revoked", () -> status(granteeToken, "/api/cdn/files/" + file + "/"), 404);
        assertThat(stored(share.shareId())).isFalse();
    }

    @Test
    void anUpdateToInactiveRemovesTheGrant() {
        String file = register("inactive.pdf");
        SharePayload share = Shares.created(Shares.user(owner, "file", file, grantee, "view"));
        Shares.await("granted", () -> status(granteeToken, "/api/cdn/files/" + file + "/"), 200);
        Shares.updated(Shares.revoked(share));
        Shares.await("inactive", () -> status(granteeToken, "/api/cdn/files/" + file + "/"), 404);
    }

    @Test
    void anExpiredGrantGivesNothingAndAnExpiringOneStopsOnTime() throws Throwable {
        String file = register("expired.pdf");
        SharePayload expired = Shares.created(Shares.expiring(
                Shares.user(owner, "file", file, grantee, "admin"),
                Instant.now().minusSeconds(60)));
        awaitStored(expired.shareId());
        assertThat(status(granteeToken, "/api/cdn/files/" + file + "/")).isEqualTo(404);

        String other = register("expiring.pdf");
        Shares.created(Shares.expiring(
                Shares.user(owner, "file", other, grantee, "view"),
                Instant.now().plusSeconds(10)));
        Shares.await("granted until it expires", () -> status(granteeToken, "/api/cdn/files/" + other + "/"), 200);
        Shares.await("expired", () -> status(granteeToken, "/api/cdn/files/" + other + "/"), 404);
    }

    @Test
    void aRedeliveredEventIsAppliedOnlyOnce() {
        String file = register("replayed.pdf");
        SharePayload share = Shares.user(owner, "file", file, grantee, "edit");
        String createdJson = Shares.event(EventTypes.SHARE_CREATED, share);
        Shares.send(share, createdJson);
        Shares.send(share, createdJson);
        Shares.await("granted", () -> status(granteeToken, "/api/cdn/files/" + file + "/"), 200);
        Shares.revoke(share);
        Shares.await("revoked", () -> status(granteeToken, "/api/cdn/files/" + file + "/"), 404);

        // The same share.created again, then a marker behind it on the same key (so the same partition):
        // once the marker is applied, so is the replay, and the replay must not bring the grant back.
        Shares.send(share, createdJson);
        String marker = register("marker.pdf");
        SharePayload markerShare = Shares.user(owner, "file", marker, grantee, "view");
        Shares.send(share, Shares.event(EventTypes.SHARE_CREATED, markerShare));
        Shares.await("marker applied", () -> status(granteeToken, "/api/cdn/files/" + marker + "/"), 200);
        assertThat(status(granteeToken, "/api/cdn/files/" + file + "/")).isEqualTo(404);
    }

    @Test
    void uploadOnlyAndAccessedEventsGrantNothing() {
        String file = register("upload-only.pdf");
        SharePayload upload = Shares.user(owner, "file", file, grantee, "upload");
        Shares.created(upload);
        Shares.send(upload, Shares.event(EventTypes.SHARE_ACCESSED, Shares.withLevel(upload, "admin")));
        String marker = register("marker2.pdf");
        Shares.send(
                upload, Shares.event(EventTypes.SHARE_CREATED, Shares.user(owner, "file", marker, grantee, "view")));
        Shares.await("marker applied", () -> status(granteeToken, "/api/cdn/files/" + marker + "/"), 200);
        assertThat(status(granteeToken, "/api/cdn/files/" + file + "/")).isEqualTo(404);
        assertThat(stored(upload.shareId())).isFalse();
    }

    @Test
    void downloadWithoutAllowDownloadIsOnlyView() {
        String file = register("no-download.pdf");
        SharePayload s = Shares.user(owner, "file", file, grantee, "download");
        Shares.created(new SharePayload(
                s.shareId(), owner, "file", s.resourceId(), grantee, "download", false, null, false, true));
        Shares.await("granted", () -> status(granteeToken, "/api/cdn/files/" + file + "/"), 200);
        assertThat(status(granteeToken, "/api/cdn/files/" + file + "/download/"))
                .isEqualTo(403);
    }

    private String register(String name) {
        return given().auth()
                .oauth2(ownerToken)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "filename",
                        name,
                        "file_size",
                        10,
                        "mime_type",
                        "application/pdf",
                        "cdn_url",
                        "https://cdn.example.com/" + name))
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static int status(String token, String path) {
        return given().auth().oauth2(token).get(path).statusCode();
    }

    private boolean stored(UUID shareId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> grants.findById(shareId)))
                    != null;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitStored(UUID shareId) {
        Shares.await("grant stored", () -> stored(shareId) ? 1 : 0, 1);
    }
}
