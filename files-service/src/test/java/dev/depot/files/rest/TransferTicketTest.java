package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.depot.events.payload.SharePayload;
import dev.depot.files.Shares;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Transfer tickets: single-use download URLs of protected public links, issued on the internal API. */
@QuarkusTest
class TransferTicketTest {

    static final String AGENT = "test-browser/1.0";

    static Response issue(String rootType, String root, String file, UUID share, OffsetDateTime expiresAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("share_id", share.toString());
        body.put("expires_at", expiresAt == null ? null : expiresAt.toString());
        return InternalApiTest.service()
                .body(body)
                .post("/internal/shared/" + rootType + "/" + root + "/files/" + file + "/transfer-ticket");
    }

    static String ticketUrl(String file, UUID share) {
        return issue("file", file, file, share, null)
                .then()
                .statusCode(201)
                .extract()
                .path("download_url");
    }

    static Response get(String url, String range) {
        var spec = given().header("User-Agent", AGENT);
        return (range == null ? spec : spec.header("Range", range)).get(url);
    }

    static int head(String url) {
        return given().header("User-Agent", AGENT).head(url).statusCode();
    }

    /** A public link of the file, as sharing-service announces it. */
    static SharePayload publicLink(Drive owner, String file, Instant expiresAt) {
        return new SharePayload(
                UUID.randomUUID(),
                owner.user,
                "file",
                UUID.fromString(file),
                null,
                "download",
                true,
                expiresAt,
                true,
                true);
    }

    @Test
    void aTicketServesOneTransferAndIsThenGone() {
        Drive owner = new Drive();
        byte[] bytes = BytesTest.png(5000);
        String file = SharedAccessTest.uploaded(owner, "report.png", bytes, null);
        Response issued = issue("file", file, file, UUID.randomUUID(), null);
        issued.then()
                .statusCode(201)
                .body("download_url", startsWith("/cdn/t/"))
                .body("filename", equalTo("report.png"))
                .body("size", equalTo(5000));
        String url = issued.path("download_url");
        assertThat(url.substring("/cdn/t/".length())).matches("[A-Za-z0-9_-]{43}");
        assertThat(OffsetDateTime.parse(issued.<String>path("expires_at")))
                .isBetween(
                        OffsetDateTime.now().plusMinutes(4),
                        OffsetDateTime.now().plusMinutes(6));

        Response first = get(url, null);
        first.then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .header("ETag", "\"" + BytesTest.sha256(bytes) + "\"");
        assertThat(first.asByteArray()).isEqualTo(bytes);
        get(url, null).then().statusCode(410).body("success", equalTo(false)).body("error", equalTo("Gone"));
        given().header("User-Agent", "someone-else/2.0").get(url).then().statusCode(410);
        get("/cdn/t/" + "A".repeat(43), null).then().statusCode(404).body("error", equalTo("ResourceNotFound"));
        get("/cdn/t/short", null).then().statusCode(404);
    }

    @Test
    void rangeRequestsContinueTheClaimersTransferAndNobodyElses() throws Exception {
        Drive owner = new Drive();
        byte[] bytes = BytesTest.png(5000);
        String file = SharedAccessTest.uploaded(owner, "movie.png", bytes, null);
        String url = ticketUrl(file, UUID.randomUUID());

        Response part1 = get(url, "bytes=0-999");
        part1.then().statusCode(206).header("Content-Range", "bytes 0-999/5000");
        Response part2 = get(url, "bytes=1000-");
        part2.then().statusCode(206).header("Content-Range", "bytes 1000-4999/5000");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(part1.asByteArray());
        whole.write(part2.asByteArray());
        assertThat(whole.toByteArray()).isEqualTo(bytes);

        // Not a second whole download, nor the same transfer from another browser or address.
        get(url, null).then().statusCode(410);
        given().header("User-Agent", "other-browser/3.0")
                .header("Range", "bytes=0-99")
                .get(url)
                .then()
                .statusCode(410);
        given().header("User-Agent", AGENT)
                .header("X-Forwarded-For", "203.0.113.9")
                .header("Range", "bytes=0-99")
                .get(url)
                .then()
                .statusCode(410);
    }

    @Test
    void ofTwentyConcurrentFirstUsesExactlyOneWins() throws Exception {
        Drive owner = new Drive();
        String file = SharedAccessTest.uploaded(owner, "race.png", BytesTest.png(3000), null);
        String url = ticketUrl(file, UUID.randomUUID());

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(pool.submit((Callable<Integer>) () -> {
                start.await();
                return get(url, null).statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : all) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        assertThat(statuses.stream().filter(s -> s == 410)).hasSize(19);
    }

    @Test
    void aHeadLooksWithoutSpendingTheTicket() {
        Drive owner = new Drive();
        byte[] bytes = BytesTest.png(4000);
        String file = SharedAccessTest.uploaded(owner, "peek.png", bytes, null);
        String url = ticketUrl(file, UUID.randomUUID());

        given().header("User-Agent", AGENT).head(url).then().statusCode(200).header("Content-Length", "4000");
        assertThat(get(url, null).then().statusCode(200).extract().asByteArray())
                .isEqualTo(bytes);
        assertThat(head(url)).isEqualTo(200);
        given().header("User-Agent", "other-browser/3.0").head(url).then().statusCode(410);
    }

    @Test
    void revokingAShareEndsItsTicketsAtOnceAndRefusesNewOnes() {
        Drive owner = new Drive();
        String file = SharedAccessTest.uploaded(owner, "revoked.png", BytesTest.png(3000), null);
        UUID share = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String unclaimed = ticketUrl(file, share);
        String claimed = ticketUrl(file, share);
        get(claimed, "bytes=0-9").then().statusCode(206);
        String otherShares = ticketUrl(file, other);

        InternalApiTest.service()
                .delete("/internal/shares/" + share + "/transfer-tickets")
                .then()
                .statusCode(204);
        get(unclaimed, null).then().statusCode(404);
        get(claimed, "bytes=10-19").then().statusCode(404);
        issue("file", file, file, share, null).then().statusCode(404);
        get(otherShares, null).then().statusCode(200);
        // Revoking twice (the call, then the event) is harmless.
        InternalApiTest.service()
                .delete("/internal/shares/" + share + "/transfer-tickets")
                .then()
                .statusCode(204);
    }

    @Test
    void aTicketNeverOutlivesItsShare() throws InterruptedException {
        Drive owner = new Drive();
        String file = SharedAccessTest.uploaded(owner, "brief.png", BytesTest.png(3000), null);
        OffsetDateTime shareEnds = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2);
        Response issued = issue("file", file, file, UUID.randomUUID(), shareEnds);
        issued.then().statusCode(201);
        assertThat(OffsetDateTime.parse(issued.<String>path("expires_at")).toInstant())
                .isEqualTo(shareEnds.toInstant());
        String url = issued.path("download_url");
        assertThat(head(url)).isEqualTo(200);
        Thread.sleep(java.time.Duration.between(OffsetDateTime.now(), shareEnds).toMillis() + 100);
        get(url, null).then().statusCode(410).body("message", startsWith("this download link has expired"));

        issue("file", file, file, UUID.randomUUID(), OffsetDateTime.now().minusSeconds(1))
                .then()
                .statusCode(404);
    }

    @Test
    void shareEventsMoveTheTicketsExpiryAndEndThemOnRevocation() {
        Drive owner = new Drive();
        String file = SharedAccessTest.uploaded(owner, "evented.png", BytesTest.png(3000), null);
        SharePayload link = Shares.created(publicLink(owner, file, null));
        String url = ticketUrl(file, link.shareId());
        // An expiry brought forward to now ends the ticket (the API refuses past expiries; events may carry any).
        Shares.updated(Shares.expiring(link, Instant.now()));
        Shares.await("the ticket to follow the share's expiry", () -> head(url), 410);

        SharePayload revokedLink = Shares.created(publicLink(owner, file, null));
        String revokedUrl = ticketUrl(file, revokedLink.shareId());
        assertThat(head(revokedUrl)).isEqualTo(200);
        Shares.revoke(revokedLink);
        Shares.await("share.revoked to drop the ticket", () -> head(revokedUrl), 404);
        issue("file", file, file, revokedLink.shareId(), null).then().statusCode(404);
    }

    @Test
    void ticketsAreOnlyForFilesInsideTheShareAndOnlyForServices() {
        Drive owner = new Drive();
        String folder = owner.folder("shared", null);
        String inside = SharedAccessTest.uploaded(owner, "in.png", BytesTest.png(3000), folder);
        String outside = SharedAccessTest.uploaded(owner, "out.png", BytesTest.png(3001), null);
        UUID share = UUID.randomUUID();

        issue("folder", folder, inside, share, null).then().statusCode(201);
        issue("folder", folder, outside, share, null).then().statusCode(404);
        issue("file", inside, outside, share, null).then().statusCode(404);
        InternalApiTest.service()
                .body(Map.of())
                .post("/internal/shared/file/" + inside + "/files/" + inside + "/transfer-ticket")
                .then()
                .statusCode(400)
                .body("details.share_id", equalTo("is required"));
        given().contentType(ContentType.JSON)
                .body(Map.of("share_id", share.toString()))
                .post("/internal/shared/file/" + inside + "/files/" + inside + "/transfer-ticket")
                .then()
                .statusCode(403);
        given().delete("/internal/shares/" + share + "/transfer-tickets").then().statusCode(403);
    }

    @Test
    void aTicketNeverServesContentThatReplacedTheFile() {
        Drive owner = new Drive();
        String file = SharedAccessTest.uploaded(owner, "draft.png", BytesTest.png(3000), null);
        String url = ticketUrl(file, UUID.randomUUID());
        given().auth()
                .oauth2(owner.token)
                .multiPart("file", "draft.png", BytesTest.png(3500), "image/png")
                .put("/api/cdn/files/" + file + "/content")
                .then()
                .statusCode(200);
        get(url, null).then().statusCode(404);
    }
}
