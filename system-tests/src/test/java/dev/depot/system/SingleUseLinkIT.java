package dev.depot.system;

import static dev.depot.system.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Protected public links (a download limit, a password or an expiry) redirect each counted download to a
 * single-use files-service URL, through the gateway: one transfer (and its Range requests from the same
 * client), dead once used, expired or revoked. Open, unlimited links keep the cacheable signed URL.
 */
@ExtendWith(SharedSuite.class)
class SingleUseLinkIT {

    private static final String CONTENT = "one transfer per counted download, ranges of it included";

    private static String gateway;

    @BeforeAll
    static void start() {
        gateway = SharedSuite.suite().url("gateway");
    }

    @Test
    void aLinkLimitedToOneDownloadServesOneTransferAndItsRangesThenNothing() {
        GatewayUser alice = register();
        String fileId = upload(alice, "once.txt", CONTENT);
        String token = alice.share(Map.of("resource_type", "file", "resource_id", fileId, "download_limit", 1))
                .path("public_token");

        String location = redirect(token, fileId, null);
        assertThat(location).contains("/cdn/t/");
        Response whole = given().get(location);
        whole.then().statusCode(200).header("Cache-Control", "no-store");
        assertThat(whole.asString()).isEqualTo(CONTENT);
        // The same client resuming the same transfer.
        Response tail = given().header("Range", "bytes=4-").get(location);
        tail.then().statusCode(206);
        assertThat(tail.asString()).isEqualTo(CONTENT.substring(4));

        given().get(location).then().statusCode(410).body("success", equalTo(false));
        given().header("User-Agent", "another-browser/1.0")
                .header("Range", "bytes=4-")
                .get(location)
                .then()
                .statusCode(410);
        download(token, fileId, null).then().statusCode(410);
    }

    @Test
    void aTicketTakenBeforeTheShareIsDeletedIsRefusedWithinASecond() {
        GatewayUser alice = register();
        String fileId = upload(alice, "revoked.txt", CONTENT);
        Response link = alice.share(Map.of("resource_type", "file", "resource_id", fileId, "download_limit", 5));
        String token = link.path("public_token");
        String unused = redirect(token, fileId, null);
        String started = redirect(token, fileId, null);
        given().header("Range", "bytes=0-3").get(started).then().statusCode(206);

        alice.api()
                .delete("/api/cdn/shares/" + link.<String>path("id") + "/")
                .then()
                .statusCode(204);
        long deleted = System.nanoTime();
        int status = refusal(unused);
        long refusedAfterMs = Duration.ofNanos(System.nanoTime() - deleted).toMillis();
        assertThat(status).isIn(404, 410);
        assertThat(refusedAfterMs).isLessThan(1000);
        assertThat(given().header("Range", "bytes=4-").get(started).statusCode())
                .isIn(404, 410);
    }

    @Test
    void aLinksUrlStopsWorkingWhenTheLinkExpiresOrItsExpiryIsBroughtForward() throws Exception {
        GatewayUser alice = register();
        String fileId = upload(alice, "brief.txt", CONTENT);
        OffsetDateTime ends = OffsetDateTime.now().plusSeconds(3);
        String token = alice.share(
                        Map.of("resource_type", "file", "resource_id", fileId, "expires_at", ends.toString()))
                .path("public_token");
        String location = redirect(token, fileId, null);
        given().head(location).then().statusCode(200);
        Thread.sleep(Math.max(0, Duration.between(OffsetDateTime.now(), ends).toMillis()) + 200);
        given().get(location).then().statusCode(410);

        Response later = alice.share(Map.of(
                "resource_type",
                "file",
                "resource_id",
                fileId,
                "expires_at",
                OffsetDateTime.now().plusHours(1).toString()));
        String laterUrl = redirect(later.path("public_token"), fileId, null);
        OffsetDateTime sooner = OffsetDateTime.now().plusSeconds(2);
        alice.api()
                .body(Map.of("expires_at", sooner.toString()))
                .patch("/api/cdn/shares/" + later.<String>path("id") + "/")
                .then()
                .statusCode(200);
        // The ticket hears of the new expiry through share.updated; a HEAD looks without spending it.
        Thread.sleep(Math.max(0, Duration.between(OffsetDateTime.now(), sooner).toMillis()) + 200);
        eventually(() -> given().head(laterUrl).then().statusCode(410));
        given().get(laterUrl).then().statusCode(410);
    }

    @Test
    void aPasswordLinksUrlIsSingleUseAndItsListingLinkGetsAFreshOneEachTime() {
        GatewayUser alice = register();
        String fileId = upload(alice, "locked.txt", CONTENT);
        String token = alice.share(Map.of("resource_type", "file", "resource_id", fileId, "password", "open sesame"))
                .path("public_token");

        String location = redirect(token, fileId, "open sesame");
        assertThat(given().get(location).then().statusCode(200).extract().asString())
                .isEqualTo(CONTENT);
        given().get(location).then().statusCode(410);

        String keyed = given().baseUri(gateway)
                .header("X-Share-Password", "open sesame")
                .get("/api/cdn/shares/public/" + token + "/")
                .then()
                .statusCode(200)
                .extract()
                .path("file.download_url");
        for (int i = 0; i < 2; i++) {
            assertThat(given().get(keyed).then().statusCode(200).extract().asString())
                    .isEqualTo(CONTENT);
        }
    }

    @Test
    void anOpenUnlimitedLinkKeepsTheCacheableSignedUrl() {
        GatewayUser alice = register();
        String fileId = upload(alice, "open.txt", CONTENT);
        String token = alice.share(Map.of("resource_type", "file", "resource_id", fileId))
                .path("public_token");

        String location = redirect(token, fileId, null);
        assertThat(location).contains("/cdn/" + fileId + "/open.txt?exp=").contains("sig=");
        for (int i = 0; i < 2; i++) {
            given().get(location)
                    .then()
                    .statusCode(200)
                    .header("Cache-Control", startsWith("private, max-age="))
                    .body(equalTo(CONTENT));
        }
    }

    // --- helpers ---

    private static Response download(String token, String fileId, String password) {
        RequestSpecification spec = given().baseUri(gateway).redirects().follow(false);
        if (password != null) {
            spec = spec.header("X-Share-Password", password);
        }
        return spec.get("/api/cdn/shares/public/" + token + "/files/" + fileId + "/download/");
    }

    /** One counted download: where the link redirects. */
    private static String redirect(String token, String fileId, String password) {
        return download(token, fileId, password)
                .then()
                .statusCode(302)
                .header("Cache-Control", "no-store")
                .extract()
                .header("Location");
    }

    /** The first status that refuses the URL (polled without spending it: HEAD), or the last seen after 5 s. */
    private static int refusal(String url) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status;
        do {
            status = given().head(url).statusCode();
        } while (status == 200 && System.nanoTime() < deadline);
        return status;
    }

    private static GatewayUser register() {
        return GatewayUser.register(gateway, "su");
    }

    private static String upload(GatewayUser owner, String name, String content) {
        return given().baseUri(gateway)
                .auth()
                .oauth2(owner.token())
                .multiPart("file", name, content.getBytes(StandardCharsets.UTF_8))
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
    }
}
