package dev.depot.sharing.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.depot.sharing.StoredShares;
import dev.depot.sharing.StoredShares.Stored;
import dev.depot.sharing.service.TokenVault;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Public links before any byte is involved: which tokens open nothing, passwords and their throttle,
 * and the refusals that come before files-service is asked (limits, downloads not allowed).
 */
@QuarkusTest
class PublicLinkTest {

    @Inject
    StoredShares stored;

    @Inject
    TokenVault vault;

    @Test
    void unknownRevokedAndExpiredLinksAreAll404ButTheTokenFormSaysWhenALinkExpiredOrNoTokenCame() throws Throwable {
        given().get("/api/cdn/shares/public/" + "A".repeat(43) + "/")
                .then()
                .statusCode(404)
                .body("success", equalTo(false))
                .body("error", equalTo("ResourceNotFound"));
        given().get("/api/cdn/shares/public/" + "A".repeat(300) + "/").then().statusCode(404);
        given().get("/api/cdn/shares/public/").then().statusCode(400).body("error", equalTo("ValidationError"));
        Stored revoked = stored.publicLink(UUID.randomUUID(), s -> s.revokedAt = OffsetDateTime.now());
        given().get("/api/cdn/shares/public/" + revoked.token() + "/").then().statusCode(404);
        Stored expired = stored.publicLink(
                UUID.randomUUID(), s -> s.expiresAt = OffsetDateTime.now().minusSeconds(1));
        given().get("/api/cdn/shares/public/" + expired.token() + "/").then().statusCode(404);
        given().queryParam("token", expired.token())
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(410)
                .body("error", equalTo("Gone"));
        given().queryParam("token", revoked.token())
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(404);
        given().get("/api/cdn/shares/public/" + expired.token() + "/files/" + expired.share().resourceId + "/download/")
                .then()
                .statusCode(404);
    }

    @Test
    void aPasswordIsAskedForThenCheckedThenThrottledPerClient() throws Throwable {
        Stored link = stored.publicLink(UUID.randomUUID(), s -> s.passwordHash = StoredShares.bcrypt("right horse"));
        String path = "/api/cdn/shares/public/" + link.token() + "/";
        // Each 401 says how many tries are left before the throttle (5 in all); asking costs none.
        given().get(path)
                .then()
                .statusCode(401)
                .body("error", equalTo("PasswordRequired"))
                .body("details.attempts_left", equalTo(5));
        for (int i = 0; i < 5; i++) {
            given().header("X-Share-Password", "wrong " + i)
                    .get(path)
                    .then()
                    .statusCode(401)
                    .body("error", equalTo("PasswordRequired"))
                    .body("details.attempts_left", equalTo(4 - i));
        }
        // The link's page (/s/{token}) is the same check, counted with the same throttle.
        given().get("/s/" + link.token()).then().statusCode(429);
        // The right password gets past the check (files-service, down in these tests, answers next)...
        given().header("X-Forwarded-For", "203.0.113.9")
                .header("X-Share-Password", "right horse")
                .get(path)
                .then()
                .statusCode(503);
        // ...but not from the client that guessed five times: it waits, whatever it sends.
        given().header("X-Share-Password", "right horse")
                .get(path)
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .body("error", equalTo("TooManyRequests"));
        given().header("X-Share-Password", "right horse")
                .get(path + "files/" + link.share().resourceId + "/download/")
                .then()
                .statusCode(429);
    }

    @Test
    void aSignedDownloadKeyStandsInForThePasswordOnlyForItsFileAndUntilItExpires() throws Throwable {
        Stored link = stored.publicLink(UUID.randomUUID(), s -> {
            s.passwordHash = StoredShares.bcrypt("right horse");
            s.downloadLimit = 1;
            s.downloadCount = 1;
        });
        String download = "/api/cdn/shares/public/" + link.token() + "/files/" + link.share().resourceId + "/download/";
        long exp = OffsetDateTime.now().plusHours(1).toEpochSecond();
        given().queryParam("exp", exp)
                .queryParam("key", "forged")
                .get(download)
                .then()
                .statusCode(401);
        // A key made for this file passes the password (and meets the exhausted limit: 410).
        String key = vault.signDownload(link.share().id, link.share().resourceId, exp);
        given().queryParam("exp", exp)
                .queryParam("key", key)
                .redirects()
                .follow(false)
                .get(download)
                .then()
                .statusCode(410)
                .body("error", equalTo("Gone"));
        given().queryParam("exp", exp + 1)
                .queryParam("key", key)
                .get(download)
                .then()
                .statusCode(401);
        long past = OffsetDateTime.now().minusMinutes(1).toEpochSecond();
        given().queryParam("exp", past)
                .queryParam("key", vault.signDownload(link.share().id, link.share().resourceId, past))
                .get(download)
                .then()
                .statusCode(401);
    }

    @Test
    void anExhaustedLimitIs410AndAFailedDownloadGivesItsUseBack() throws Throwable {
        Stored spent = stored.publicLink(UUID.randomUUID(), s -> {
            s.downloadLimit = 2;
            s.downloadCount = 2;
        });
        given().redirects()
                .follow(false)
                .get("/api/cdn/shares/public/" + spent.token() + "/files/" + spent.share().resourceId + "/download/")
                .then()
                .statusCode(410)
                .body("error", equalTo("Gone"));

        Stored oneLeft = stored.publicLink(UUID.randomUUID(), s -> s.downloadLimit = 1);
        // files-service is down: the download fails and the one remaining use is not spent.
        given().get("/api/cdn/shares/public/" + oneLeft.token() + "/files/" + oneLeft.share().resourceId + "/download/")
                .then()
                .statusCode(503);
        assertThat(stored.reload(oneLeft.share().id).downloadCount).isZero();
    }

    @Test
    void linksRefuseWhatTheyWereNotMadeFor() throws Throwable {
        Stored noDownloads = stored.publicLink(UUID.randomUUID(), s -> s.allowDownload = false);
        given().get("/api/cdn/shares/public/" + noDownloads.token() + "/files/" + noDownloads.share().resourceId
                        + "/download/")
                .then()
                .statusCode(403)
                .body("error", equalTo("Forbidden"));
        given().post("/api/cdn/shares/public/" + noDownloads.token() + "/uploads/")
                .then()
                .statusCode(403);
        Stored drop = stored.publicLink(UUID.randomUUID(), s -> {
            s.resourceType = "folder";
            s.permissionLevel = "upload";
        });
        given().get("/api/cdn/shares/public/" + drop.token() + "/files/" + UUID.randomUUID() + "/download/")
                .then()
                .statusCode(403);
    }
}
