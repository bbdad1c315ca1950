package dev.depot.analytics.webhook;

import static dev.depot.analytics.Events.awaitGet;
import static dev.depot.analytics.Events.file;
import static dev.depot.analytics.Events.filePayload;
import static dev.depot.analytics.Events.folder;
import static dev.depot.analytics.Events.get;
import static dev.depot.analytics.Events.now;
import static dev.depot.analytics.Events.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.analytics.Events;
import dev.depot.analytics.webhook.HookServer.Received;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import dev.depot.events.payload.ShareAccessPayload;
import dev.depot.events.payload.StoragePayload;
import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a receiver on 127.0.0.1 (the test configuration allows private targets): signed
 * deliveries, retries with backoff, disabling after failures in a row, and scoping to the owner's events.
 * Test settings: backoff 0.2 s doubling up to 1 s, 4 attempts per delivery, disabled after 6 failures.
 */
@QuarkusTest
class WebhookDeliveryTest {

    private static HookServer hooks;

    @BeforeAll
    static void startReceiver() {
        hooks = new HookServer();
    }

    @AfterAll
    static void stopReceiver() {
        hooks.close();
    }

    @Test
    void deliveriesAreSignedWithTheSecretShownOnceAndCarryTheEventAsItWasPublished() throws Exception {
        UUID user = UUID.randomUUID();
        String path = "/signed-" + UUID.randomUUID();
        Response created = create(user, hooks.url(path, 200), List.of("file.uploaded"));
        created.then()
                .statusCode(201)
                .body("is_active", equalTo(true))
                .body("event_types", equalTo(List.of("file.uploaded")));
        String secret = created.path("secret");
        String id = created.path("id");
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        // The secret is not shown again.
        assertThat(get(user, "/api/cdn/webhooks/" + id + "/").<Map<String, Object>>path(""))
                .doesNotContainKey("secret");
        assertThat(get(user, "/api/cdn/webhooks/")
                        .<List<Map<String, Object>>>path("results")
                        .get(0))
                .doesNotContainKey("secret");

        // Not subscribed: folder.created. Subscribed: file.uploaded.
        send(folder(
                EventTypes.FOLDER_CREATED,
                new FolderPayload(UUID.randomUUID(), user, "x", null, "/x", null, null),
                now()));
        FilePayload f = filePayload(user, UUID.randomUUID(), "hello.png", UUID.randomUUID(), 5, "images");
        CloudEvent uploaded = file(EventTypes.FILE_UPLOADED, f, now());
        String published = send(uploaded);

        Received r = hooks.await(path, 1).get(0);
        assertThat(r.body()).isEqualTo(published);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("X-Depot-Event")).isEqualTo("file.uploaded");
        assertThat(r.header("X-Depot-Webhook")).isEqualTo(id);
        assertThat(r.header("User-Agent")).isEqualTo("Depot-Webhooks/1.0");
        String signature = r.header("X-Depot-Signature");
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
        long t = Long.parseLong(signature.substring(2, signature.indexOf(',')));
        assertThat(Math.abs(Instant.now().getEpochSecond() - t))
                .as("signature timestamp")
                .isLessThan(60);
        assertThat(signature.substring(signature.indexOf("v1=") + 3)).isEqualTo(hmac(secret, t + "." + r.body()));
        assertThat(signature.substring(signature.indexOf("v1=") + 3))
                .isNotEqualTo(hmac(secret, (t + 1) + "." + r.body()));

        Response deliveries = awaitGet(user, "/api/cdn/webhooks/" + id + "/deliveries/", res -> "succeeded"
                .equals(res.path("results[0].status")));
        assertThat(deliveries.<Integer>path("count")).isEqualTo(1);
        assertThat(deliveries.<Map<String, Object>>path("results[0]"))
                .containsEntry("event_id", uploaded.id().toString())
                .containsEntry("event_type", "file.uploaded")
                .containsEntry("attempts", 1)
                .containsEntry("response_status", 200)
                .containsEntry("error", null)
                .containsEntry("id", r.header("X-Depot-Delivery"));
        Events.pause(300);
        assertThat(hooks.received(path)).hasSize(1);
        assertThat(get(user, "/api/cdn/webhooks/" + id + "/").<String>path("last_success_at"))
                .isNotNull();
    }

    @Test
    void aFailingTargetIsRetriedWithGrowingWaitsUntilItAnswers() {
        UUID user = UUID.randomUUID();
        String path = "/flaky-" + UUID.randomUUID();
        String id = create(user, hooks.url(path, 500, 503, 200), List.of("storage.limit_reached"))
                .path("id");
        send(Events.event(
                "depot/files-service",
                EventTypes.STORAGE_LIMIT_REACHED,
                user,
                user,
                new StoragePayload(user, 95, 100, 95),
                now()));

        List<Received> attempts = hooks.await(path, 3);
        assertThat(attempts).hasSize(3);
        assertThat(attempts)
                .extracting(a -> a.header("X-Depot-Delivery"))
                .containsOnly(attempts.get(0).header("X-Depot-Delivery"));
        Duration firstWait =
                Duration.between(attempts.get(0).at(), attempts.get(1).at());
        Duration secondWait =
                Duration.between(attempts.get(1).at(), attempts.get(2).at());
        assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(secondWait).isGreaterThanOrEqualTo(Duration.ofMillis(390));
        Response deliveries = awaitGet(user, "/api/cdn/webhooks/" + id + "/deliveries/", res -> "succeeded"
                .equals(res.path("results[0].status")));
        assertThat(deliveries.<Integer>path("results[0].attempts")).isEqualTo(3);
        assertThat(deliveries.<Integer>path("results[0].response_status")).isEqualTo(200);
        Response webhook = get(user, "/api/cdn/webhooks/" + id + "/");
        assertThat(webhook.<Boolean>path("is_active")).isTrue();
        assertThat(webhook.<Integer>path("consecutive_failures")).isZero();
    }

    @Test
    void aTargetThatKeepsFailingIsDisabledAndGetsNothingMore() {
        UUID user = UUID.randomUUID();
        String path = "/down-" + UUID.randomUUID();
        String id = create(user, hooks.url(path, 500), List.of("*")).path("id");
        FilePayload f = filePayload(user, UUID.randomUUID(), "a.png", UUID.randomUUID(), 5, "images");
        send(file(EventTypes.FILE_UPLOADED, f, now()));
        send(file(EventTypes.FILE_DOWNLOADED, f, now()));

        Response disabled =
                awaitGet(user, "/api/cdn/webhooks/" + id + "/", res -> Boolean.FALSE.equals(res.path("is_active")));
        // An attempt already under way when the sixth failure disabled it may still add one.
        assertThat(disabled.<Integer>path("consecutive_failures")).isBetween(6, 7);
        assertThat(disabled.<String>path("disabled_reason")).contains("6 failed attempts");
        assertThat(disabled.<String>path("disabled_at")).isNotNull();
        Response deliveries = awaitGet(
                user, "/api/cdn/webhooks/" + id + "/deliveries/?status=failed", res -> res.<Integer>path("count") == 2);
        assertThat(deliveries.<List<Integer>>path("results.response_status")).containsOnly(500);
        int attempts = deliveries.<List<Integer>>path("results.attempts").stream()
                .mapToInt(Integer::intValue)
                .sum();
        assertThat(attempts).isBetween(6, 7);
        assertThat(hooks.received(path)).hasSize(attempts);

        // A disabled webhook is not sent what happens next.
        send(file(EventTypes.FILE_TRASHED, f, now()));
        awaitGet(user, "/api/cdn/activity/?action=file.trashed", res -> res.<Integer>path("count") == 1);
        Events.pause(500);
        assertThat(hooks.received(path)).hasSize(attempts);
        assertThat(get(user, "/api/cdn/webhooks/" + id + "/deliveries/").<Integer>path("count"))
                .isEqualTo(2);
    }

    @Test
    void aWebhookHearsOnlyItsOwnersEventsAndOnlyItsOwnerSeesIt() {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        String path = "/scoped-" + UUID.randomUUID();
        String id = create(owner, hooks.url(path, 204), List.of("share.accessed", "file.uploaded"))
                .path("id");
        send(file(
                EventTypes.FILE_UPLOADED,
                filePayload(stranger, UUID.randomUUID(), "theirs.png", UUID.randomUUID(), 1, "images"),
                now()));
        // A drop into the owner's upload link reaches the owner.
        send(Events.shareAccess(
                new ShareAccessPayload(UUID.randomUUID(), owner, "folder", UUID.randomUUID(), "upload", null, null),
                now()));
        Received r = hooks.await(path, 1).get(0);
        assertThat(r.header("X-Depot-Event")).isEqualTo("share.accessed");
        Events.pause(500);
        assertThat(hooks.received(path)).hasSize(1);

        get(stranger, "/api/cdn/webhooks/" + id + "/")
                .then()
                .statusCode(404)
                .body("error", equalTo("ResourceNotFound"));
        get(stranger, "/api/cdn/webhooks/" + id + "/deliveries/").then().statusCode(404);
        given().auth()
                .oauth2(TestTokens.forUser(stranger))
                .delete("/api/cdn/webhooks/" + id + "/")
                .then()
                .statusCode(404);
        assertThat(get(stranger, "/api/cdn/webhooks/").<Integer>path("count")).isZero();
        assertThat(get(owner, "/api/cdn/webhooks/").<Integer>path("count")).isEqualTo(1);

        given().auth()
                .oauth2(TestTokens.forUser(owner))
                .delete("/api/cdn/webhooks/" + id + "/")
                .then()
                .statusCode(204);
        get(owner, "/api/cdn/webhooks/" + id + "/").then().statusCode(404);
        given().contentType(ContentType.JSON)
                .body(Map.of("url", "https://example.com/", "event_types", List.of("file.uploaded")))
                .post("/api/cdn/webhooks/")
                .then()
                .statusCode(401);
    }

    @Test
    void aWebhookNeedsAnHttpUrlAndKnownEventTypes() {
        UUID user = UUID.randomUUID();
        create(user, "ftp://example.com/hook", List.of("file.uploaded"))
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"));
        create(user, "https://user:pw@example.com/hook", List.of("file.uploaded"))
                .then()
                .statusCode(400);
        create(user, "https://example.com/hook", List.of("file.exploded"))
                .then()
                .statusCode(400)
                .body("message", equalTo("unknown event types: file.exploded"));
        create(user, "https://example.com/hook", List.of()).then().statusCode(400);
        given().auth()
                .oauth2(TestTokens.forUser(user))
                .contentType(ContentType.JSON)
                .body(Map.of("event_types", List.of("file.uploaded")))
                .post("/api/cdn/webhooks/")
                .then()
                .statusCode(400)
                .body("details.url", org.hamcrest.Matchers.notNullValue());
        create(user, "https://no-such-host.invalid/hook", List.of("file.uploaded"))
                .then()
                .statusCode(400)
                .body("details.url", org.hamcrest.Matchers.containsString("does not resolve"));
    }

    static Response create(UUID user, String url, List<String> types) {
        return given().auth()
                .oauth2(TestTokens.forUser(user))
                .contentType(ContentType.JSON)
                .body(Map.of("url", url, "event_types", types, "description", "test"))
                .post("/api/cdn/webhooks/");
    }

    static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
