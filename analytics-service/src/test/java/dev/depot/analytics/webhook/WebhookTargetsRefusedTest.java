package dev.depot.analytics.webhook;

import static dev.depot.analytics.Events.awaitGet;
import static dev.depot.analytics.Events.file;
import static dev.depot.analytics.Events.filePayload;
import static dev.depot.analytics.Events.now;
import static dev.depot.analytics.Events.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.events.EventTypes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With private targets disallowed (the default outside tests), webhooks cannot reach into Depot's own network. */
@QuarkusTest
@TestProfile(WebhookTargetsRefusedTest.PrivateTargetsRefused.class)
class WebhookTargetsRefusedTest {

    public static class PrivateTargetsRefused implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("depot.analytics.webhooks.allow-private-targets", "false");
        }
    }

    private static HookServer hooks;

    @Inject
    Pool pool;

    @BeforeAll
    static void startReceiver() {
        hooks = new HookServer();
    }

    @AfterAll
    static void stopReceiver() {
        hooks.close();
    }

    @Test
    void loopbackPrivateAndLinkLocalTargetsAreRefusedAtCreation() {
        UUID user = UUID.randomUUID();
        for (String url : List.of(
                hooks.url("/here"),
                "http://localhost:8084/",
                "http://127.1.2.3/",
                "http://[::1]/",
                "http://0.0.0.0/",
                "http://10.1.2.3/",
                "http://172.20.0.5:8080/",
                "http://192.168.1.1/",
                "http://169.254.169.254/latest/meta-data/",
                "http://[fe80::1]/",
                "http://[fd00::1]/",
                "http://100.64.1.1/",
                "http://[::ffff:127.0.0.1]/",
                "http://[64:ff9b::a00:1]/",
                "http://2130706433/")) {
            Response r = WebhookDeliveryTest.create(user, url, List.of("file.uploaded"));
            r.then()
                    .statusCode(400)
                    .body("error", equalTo("ValidationError"))
                    .body("details.url", containsString("address"));
        }
        WebhookDeliveryTest.create(user, "https://93.184.215.14/hooks/depot", List.of("file.uploaded"))
                .then()
                .statusCode(201);
    }

    @Test
    void aTargetIsCheckedAgainAtDeliveryAndNeverContacted() {
        UUID user = UUID.randomUUID();
        // As if the check at creation had passed (a name that resolved elsewhere then): straight into the table.
        UUID id = UUID.randomUUID();
        String path = "/rebound-" + UUID.randomUUID();
        pool.preparedQuery("INSERT INTO webhook (id, owner_id, url, event_types, secret, active, created_at) "
                        + "VALUES ($1, $2, $3, $4, 'whsec_test', true, $5)")
                .execute(Tuple.of(
                        id,
                        user,
                        hooks.url(path, 200),
                        new String[] {"file.uploaded"},
                        OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5)))
                .await()
                .indefinitely();
        send(file(
                EventTypes.FILE_UPLOADED,
                filePayload(user, UUID.randomUUID(), "x.png", UUID.randomUUID(), 1, "images"),
                now()));

        // A claimed delivery counts its attempt before the outcome is written: wait for the outcome itself.
        Response deliveries = awaitGet(
                user,
                "/api/cdn/webhooks/" + id + "/deliveries/",
                r -> r.<Integer>path("count") == 1 && r.<String>path("results[0].error") != null);
        assertThat(deliveries.<String>path("results[0].error"))
                .startsWith("refused: ")
                .contains("127.0.0.1");
        assertThat(deliveries.<Object>path("results[0].response_status")).isNull();
        assertThat(hooks.received(path)).isEmpty();
    }
}
