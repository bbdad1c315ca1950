package dev.depot.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.testing.SilentServer;
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

/** A broker that accepts connections and never answers: readiness says so within 2 s instead of hanging. */
@QuarkusTest
@TestProfile(ReadinessWhenBrokerHangsTest.Hanging.class)
class ReadinessWhenBrokerHangsTest {

    static final SilentServer BROKER = SilentServer.start();

    public static class Hanging implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // Both spellings: Quarkus' Kafka configuration also reads KAFKA_* (./depot test sets it).
            return Map.of("kafka.bootstrap.servers", BROKER.address(), "KAFKA_BOOTSTRAP_SERVERS", BROKER.address());
        }
    }

    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @AfterAll
    static void answerAtLast() {
        BROKER.close();
    }

    @Test
    void readinessAnswersWithinTwoSecondsSayingTheBrokerIsDown() throws Exception {
        // java.net.http: RestAssured's first request in a JVM takes a second or two on its own.
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(ready.toURI()).build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("answered in %d ms: %s", millis, r.body()).isLessThan(2_000);
            assertThat(r.statusCode()).isEqualTo(503);
            List<Map<String, Object>> checks = JsonPath.from(r.body()).getList("checks");
            assertThat(checks).as(r.body()).anySatisfy(c -> {
                assertThat(c).containsEntry("name", "kafka").containsEntry("status", "DOWN");
                assertThat(((Map<?, ?>) c.get("data")).get("reason").toString()).isNotBlank();
            });
        }
    }
}
