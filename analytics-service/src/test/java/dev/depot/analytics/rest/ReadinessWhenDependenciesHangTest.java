package dev.depot.analytics.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.testing.SilentServer;
import dev.depot.testing.TestKeys;
import dev.depot.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A broker and a database that accept connections and never answer: readiness still answers within
 * 2 s, DOWN, saying which and why (probes that hang get a pod restarted, not diagnosed).
 */
@QuarkusTest
@TestProfile(ReadinessWhenDependenciesHangTest.Hanging.class)
class ReadinessWhenDependenciesHangTest {

    static final SilentServer BROKER = SilentServer.start();
    static final SilentServer DATABASE = SilentServer.start();

    public static class Hanging implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    // Both spellings: Quarkus' Kafka configuration also reads KAFKA_* (./depot test sets it).
                    "kafka.bootstrap.servers",
                    BROKER.address(),
                    "KAFKA_BOOTSTRAP_SERVERS",
                    BROKER.address(),
                    "quarkus.datasource.reactive.url",
                    "postgresql://" + DATABASE.address() + "/depot_analytics",
                    "quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://" + DATABASE.address() + "/depot_analytics",
                    "quarkus.flyway.migrate-at-start",
                    "false",
                    "mp.jwt.verify.publickey",
                    TestKeys.publicKeyPem(),
                    "mp.jwt.verify.issuer",
                    TestTokens.ISSUER);
        }
    }

    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    /** Lets the application stop: its connections still waiting for an answer fail now. */
    @AfterAll
    static void answerAtLast() {
        BROKER.close();
        DATABASE.close();
    }

    @Test
    void readinessAnswersWithinTwoSecondsNamingWhatIsDown() throws Exception {
        // java.net.http: RestAssured's first request in a JVM takes a second or two on its own.
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(ready.toURI()).build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("answered in %d ms: %s", millis, r.body()).isLessThan(2_000);
            assertThat(r.statusCode()).isEqualTo(503);
            JsonPath json = JsonPath.from(r.body());
            assertThat(json.getString("status")).isEqualTo("DOWN");
            List<Map<String, Object>> checks = json.getList("checks");
            for (String name : List.of("kafka", "database")) {
                assertThat(checks).as(r.body()).anySatisfy(c -> {
                    assertThat(c).containsEntry("name", name).containsEntry("status", "DOWN");
                    assertThat(((Map<?, ?>) c.get("data")).get("reason").toString())
                            .isNotBlank();
                });
            }
        }
    }
}
