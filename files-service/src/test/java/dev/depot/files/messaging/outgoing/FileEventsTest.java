package dev.depot.files.messaging.outgoing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.UserPayload;
import dev.depot.testing.TestKafka;
import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every change reaches Kafka once, through the outbox; quotas come from auth-service's events. */
@QuarkusTest
class FileEventsTest {

    @Test
    void eachChangeIsPublishedOnceWithItsType() {
        UUID user = UUID.randomUUID();
        String token = TestTokens.forUser(user);
        String folder = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "evt"))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String file = register(token, "e.pdf", folder, 10)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "e2.pdf"))
                .patch("/api/cdn/files/" + file + "/")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token)
                .post("/api/cdn/files/" + file + "/star/")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token)
                .delete("/api/cdn/folders/" + folder + "/")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token)
                .post("/api/cdn/trash/" + folder + "/restore/")
                .then()
                .statusCode(200);

        List<String> fileEvents =
                types(TestKafka.valuesWithKey(Topics.FILES, file, 3, Duration.ofSeconds(20), Duration.ofSeconds(1)));
        assertThat(fileEvents).containsExactly("file.registered", "file.updated", "file.starred");
        List<String> folderEvents =
                types(TestKafka.valuesWithKey(Topics.FILES, folder, 3, Duration.ofSeconds(20), Duration.ofSeconds(1)));
        assertThat(folderEvents).containsExactly("folder.created", "folder.trashed", "folder.restored");
    }

    @Test
    void aFolderDeletedForGoodPublishesTheDeletionOfEachFileItTookAlong() {
        String token = TestTokens.forUser(UUID.randomUUID());
        String folder = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "gone"))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String inner = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "inner", "parent", folder))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String top = register(token, "top.pdf", folder, 10)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String deep = register(token, "deep.pdf", inner, 20)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(token)
                .delete("/api/folders/" + folder + "/delete")
                .then()
                .statusCode(200);

        for (String file : List.of(top, deep)) {
            CloudEvent deleted =
                    TestKafka.valuesWithKey(Topics.FILES, file, 2, Duration.ofSeconds(20), Duration.ofSeconds(1))
                            .stream()
                            .map(EventCodec::read)
                            .filter(e -> e.type().equals("file.deleted"))
                            .findFirst()
                            .orElseThrow();
            assertThat(EventCodec.data(deleted, FilePayload.class).deletedWith())
                    .hasToString(folder);
        }
        assertThat(types(TestKafka.valuesWithKey(
                        Topics.FILES, folder, 2, Duration.ofSeconds(20), Duration.ofSeconds(1))))
                .containsExactly("folder.created", "folder.deleted");
    }

    @Test
    void aFileRegisteredByUrlIsAnnouncedWithItsCdnUrlSoTheWorkerCanFetchIt() {
        String token = TestTokens.forUser(UUID.randomUUID());
        String url = "https://cdn.example.com/u/" + UUID.randomUUID() + ".png";
        String file = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "filename",
                        "r.png",
                        "file_size",
                        42,
                        "mime_type",
                        "image/png",
                        "cdn_url",
                        url,
                        "sha256_hash",
                        "AB".repeat(32)))
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        CloudEvent event =
                EventCodec.read(TestKafka.valuesWithKey(Topics.FILES, file, 1, Duration.ofSeconds(20), Duration.ZERO)
                        .get(0));
        assertThat(event.type()).isEqualTo("file.registered");
        FilePayload payload = EventCodec.data(event, FilePayload.class);
        assertThat(payload.cdnUrl()).isEqualTo(url);
        assertThat(payload.sha256()).isEqualTo("ab".repeat(32));
    }

    @Test
    void theQuotaComesFromUserRegisteredAndIsEnforced() {
        UUID user = UUID.randomUUID();
        String token = TestTokens.forUser(user);
        CloudEvent registered = CloudEvent.of(
                "depot/auth-service",
                "user.registered",
                user.toString(),
                user,
                EventCodec.toData(new UserPayload(user, "q", "q@example.com", "password", 1000L)));
        TestKafka.send(Topics.INTERNAL_AUTH, user.toString(), EventCodec.write(registered));
        awaitQuota(token, 1000);

        register(token, "a.bin", null, 600).then().statusCode(201);
        register(token, "b.bin", null, 500).then().statusCode(413).body("error", equalTo("PayloadTooLarge"));
        // Trashed files still count, so the restore that follows can never go over quota.
        String c = register(token, "c.bin", null, 350)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth().oauth2(token).delete("/api/cdn/files/" + c + "/").then().statusCode(200);
        register(token, "d.bin", null, 100).then().statusCode(413);
        given().auth().oauth2(token).delete("/api/cdn/trash/" + c + "/").then().statusCode(200);
        register(token, "d.bin", null, 100).then().statusCode(201);
    }

    @Test
    void crossingNinetyPercentAnnouncesStorageLimitReachedOnce() {
        UUID user = UUID.randomUUID();
        String token = TestTokens.forUser(user);
        TestKafka.send(
                Topics.INTERNAL_AUTH,
                user.toString(),
                EventCodec.write(CloudEvent.of(
                        "depot/auth-service",
                        "user.registered",
                        user.toString(),
                        user,
                        EventCodec.toData(new UserPayload(user, "s", "s@example.com", "password", 1000L)))));
        awaitQuota(token, 1000);
        register(token, "a.bin", null, 800).then().statusCode(201);
        register(token, "b.bin", null, 150).then().statusCode(201);
        register(token, "c.bin", null, 10).then().statusCode(201);
        List<CloudEvent> warnings =
                TestKafka.valuesWithKey(Topics.FILES, user.toString(), 1, Duration.ofSeconds(20), Duration.ofSeconds(1))
                        .stream()
                        .map(EventCodec::read)
                        .filter(e -> e.type().equals("storage.limit_reached"))
                        .toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).data().get("percentage_used").asInt()).isEqualTo(95);
    }

    private static Response register(String token, String name, String folder, long size) {
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("filename", name, "file_size", size, "mime_type", "application/octet-stream"));
        if (folder != null) {
            body.put("folder_id", folder);
        }
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/cdn/files/upload/");
    }

    private static void awaitQuota(String token, long quota) {
        Instant deadline = Instant.now().plusSeconds(30);
        long seen = -1;
        while (Instant.now().isBefore(deadline)) {
            seen = ((Number) given().auth()
                            .oauth2(token)
                            .get("/api/cdn/storage/")
                            .path("total_available"))
                    .longValue();
            if (seen == quota) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(seen).as("quota learnt from user.registered").isEqualTo(quota);
    }

    private static List<String> types(List<String> values) {
        return values.stream().map(v -> EventCodec.read(v).type()).toList();
    }
}
