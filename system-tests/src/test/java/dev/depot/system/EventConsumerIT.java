package dev.depot.system;

import static dev.depot.system.Eventually.within;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.testing.FreePorts;
import dev.depot.testing.TestEnv;
import dev.depot.testing.TestKafka;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * examples/event-consumer, an outside reader of the public depot.files topic, started as its own process
 * beside the suite: the storage it derives for each user from the events alone is what the API reports
 * as used ({@code total_used} of /api/cdn/storage/), live files, trash, versions and registered files
 * included, and an event delivered twice counts once.
 */
@ExtendWith(SharedSuite.class)
class EventConsumerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration AGREEMENT = Duration.ofSeconds(60);

    private static Suite suite;
    private static String gateway;
    private static Process consumer;
    private static Path consumerLog;
    private static String consumerUrl;

    @BeforeAll
    static void start() throws Exception {
        suite = SharedSuite.suite();
        gateway = suite.url("gateway");
        startConsumer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (consumer != null) {
            consumer.destroy();
            if (!consumer.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                consumer.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void theConsumersUsageAgreesWithTheApiForEachUserAndADuplicateCountsOnce() throws Exception {
        GatewayUser alice = GatewayUser.register(gateway, "use");
        GatewayUser bob = GatewayUser.register(gateway, "use");

        String report = upload(alice, "report.bin", 1000);
        upload(alice, "photo.bin", 2500);
        String notes = upload(alice, "notes.bin", 4096);
        String manual = register(alice, "manual.pdf", 50_000);
        // New content keeps the old as a version, which still counts; making version 1 current keeps version 2.
        replaceContent(alice, report, 1800);
        alice.api()
                .post("/api/cdn/files/" + report + "/versions/1/restore/")
                .then()
                .statusCode(200);
        alice.api()
                .body(Map.of("filename", "notes-final.bin"))
                .patch("/api/cdn/files/" + notes + "/")
                .then()
                .statusCode(200);
        // In the trash: still counted. Back from the trash: the same.
        alice.api().delete("/api/cdn/files/" + notes + "/").then().statusCode(200);
        alice.api().delete("/api/cdn/files/" + manual + "/").then().statusCode(200);
        alice.api().post("/api/cdn/trash/" + manual + "/restore/").then().statusCode(200);

        String draft = upload(bob, "draft.bin", 700);
        upload(bob, "video.bin", 12_345);
        String old = upload(bob, "old.bin", 333);
        bob.api().delete("/api/cdn/files/" + draft + "/").then().statusCode(200);
        // Deleted for good: gone from both figures.
        bob.api().delete("/api/cdn/files/" + old + "/").then().statusCode(200);
        bob.api().delete("/api/cdn/trash/" + old + "/").then().statusCode(200);

        // The API's own figure is what the example claims to mirror: check it first, so agreement means something.
        assertThat(storage(alice).path("total_used").asLong()).isEqualTo(1000 + 1000 + 1800 + 2500 + 4096 + 50_000);
        assertThat(storage(bob).path("total_used").asLong()).isEqualTo(700 + 12_345);
        awaitAgreement(alice, 4);
        awaitAgreement(bob, 2);

        // The report's second content told again after a newer one: applied anew, it would count as yet another
        // version. More new content for the same file follows it on the same partition, so agreement afterwards
        // means the consumer has read past the duplicate.
        String second =
                TestKafka.valuesWithKey("depot.files", report, 3, Duration.ofSeconds(20), Duration.ZERO).stream()
                        .filter(v -> {
                            JsonNode e = read(v);
                            return "file.uploaded".equals(e.path("type").asText())
                                    && e.path("data").path("file_size").asLong() == 1800;
                        })
                        .findFirst()
                        .orElseThrow();
        long duplicatesBefore = stats().path("duplicates").asLong();
        TestKafka.send("depot.files", report, second);
        replaceContent(alice, report, 2200);

        assertThat(storage(alice).path("total_used").asLong())
                .isEqualTo(2200 + 1000 + 1000 + 1800 + 2500 + 4096 + 50_000);
        awaitAgreement(alice, 4);
        assertThat(stats().path("duplicates").asLong())
                .as("duplicates the consumer met")
                .isGreaterThan(duplicatesBefore);
    }

    @Test
    void aFolderDeletedForGoodTakesItsFilesOutOfTheFigure() throws Exception {
        // The deletion publishes a file.deleted for each file the folder took along, subfolders included.
        GatewayUser carol = GatewayUser.register(gateway, "use");
        String root = carol.api()
                .get("/api/cdn/folders/root/")
                .then()
                .statusCode(200)
                .extract()
                .path("folder.id");
        String folder = folder(carol, "doomed", root);
        String inner = folder(carol, "deeper", folder);
        upload(carol, "kept.bin", 900, null);
        upload(carol, "inside.bin", 1200, folder);
        upload(carol, "deep.bin", 300, inner);
        awaitAgreement(carol, 3);

        carol.api().delete("/api/cdn/folders/" + folder + "/").then().statusCode(200);
        carol.api().delete("/api/cdn/trash/" + folder + "/").then().statusCode(200);

        assertThat(storage(carol).path("total_used").asLong()).isEqualTo(900);
        awaitAgreement(carol, 1);
    }

    private static String folder(GatewayUser owner, String name, String parent) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parent", parent);
        return owner.api()
                .body(body)
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** The example's figure for the user equals the API's, bytes and files (live and trashed). */
    private static void awaitAgreement(GatewayUser user, int files) {
        within(AGREEMENT, () -> {
            JsonNode api = storage(user);
            long apiFiles = api.path("trash_count").asLong();
            for (JsonNode category : api.path("categories")) {
                apiFiles += category.path("count").asLong();
            }
            JsonNode example = usage(user.id());
            assertThat(example.path("user_id").asText()).isEqualTo(user.id());
            assertThat(example.path("bytes").asLong())
                    .as("bytes of " + user.name())
                    .isEqualTo(api.path("total_used").asLong());
            assertThat(example.path("files").asLong())
                    .as("files of " + user.name())
                    .isEqualTo(apiFiles)
                    .isEqualTo(files);
        });
    }

    private static JsonNode storage(GatewayUser user) {
        Response r = user.api().get("/api/cdn/storage/");
        r.then().statusCode(200);
        return read(r.asString());
    }

    private static JsonNode usage(String userId) {
        return getJson(consumerUrl + "/usage/" + userId);
    }

    private static JsonNode stats() {
        return getJson(consumerUrl + "/stats");
    }

    private static String upload(GatewayUser owner, String name, int size) {
        return upload(owner, name, size, null);
    }

    private static String upload(GatewayUser owner, String name, int size, String folderId) {
        var request = given().baseUri(gateway)
                .auth()
                .oauth2(owner.token())
                .multiPart("file", name, bytes(size), "application/octet-stream");
        if (folderId != null) {
            request.multiPart("folder_id", folderId);
        }
        return request.post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
    }

    private static void replaceContent(GatewayUser owner, String fileId, int size) {
        given().baseUri(gateway)
                .auth()
                .oauth2(owner.token())
                .multiPart("file", "whatever.bin", bytes(size), "application/octet-stream")
                .put("/api/cdn/files/" + fileId + "/content")
                .then()
                .statusCode(200);
    }

    /** A file whose bytes are hosted elsewhere: its declared size counts against the quota all the same. */
    private static String register(GatewayUser owner, String name, long size) {
        Map<String, Object> body = new HashMap<>();
        body.put("filename", name);
        body.put("file_size", size);
        body.put("mime_type", "application/pdf");
        body.put("cdn_url", "https://files.example/" + UUID.randomUUID() + "/" + name);
        return owner.api()
                .body(body)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Content no other upload of this run has, so no two files are the same bytes by chance. */
    private static byte[] bytes(int size) {
        byte[] seed = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = seed[i % seed.length];
        }
        return out;
    }

    /**
     * The packaged example, as someone outside would run it: its own JVM, pointed at this run's broker,
     * with a group of its own so it reads depot.files from the beginning.
     */
    private static void startConsumer() throws Exception {
        Path jar = suite.root().resolve("examples/event-consumer/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the reactor first (mvn verify at the root)");
        }
        int port = FreePorts.pick();
        consumerUrl = "http://127.0.0.1:" + port;
        consumerLog = Files.createTempFile("depot-event-consumer-", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consumerLog.toFile()));
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestEnv.kafkaBootstrapServers());
        env.put("USAGE_GROUP_ID", "ext.usage-it-" + UUID.randomUUID());
        consumer = pb.start();

        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!consumer.isAlive()) {
                throw new IllegalStateException("the example consumer exited:\n" + consumerTail());
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(consumerUrl + "/usage"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the example consumer did not answer within 60 s:\n" + consumerTail());
    }

    private static JsonNode getJson(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("GET " + url + " " + r.body()).isEqualTo(200);
            return read(r.body());
        } catch (IOException e) {
            throw new AssertionError("the example consumer did not answer " + url + ":\n" + consumerTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static String consumerTail() {
        try {
            List<String> lines = Files.readAllLines(consumerLog);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
