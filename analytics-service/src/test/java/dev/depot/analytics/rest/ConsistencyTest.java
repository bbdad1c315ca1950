package dev.depot.analytics.rest;

import static dev.depot.analytics.Events.awaitGet;
import static dev.depot.analytics.Events.file;
import static dev.depot.analytics.Events.filePayload;
import static dev.depot.analytics.Events.now;
import static dev.depot.analytics.Events.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** analytics-service's part of ./depot doctor: every counter equals the days it sums. */
@QuarkusTest
class ConsistencyTest {

    @Inject
    Pool db;

    @Test
    void countersBuiltFromEventsAgreeAndADriftedOneIsReported() {
        UUID user = UUID.randomUUID();
        OffsetDateTime now = now();
        FilePayload f = filePayload(user, UUID.randomUUID(), "counted.pdf", UUID.randomUUID(), 100, "documents");
        send(file(EventTypes.FILE_UPLOADED, f, now.minusDays(2)));
        send(file(EventTypes.FILE_DOWNLOADED, f, now.minusDays(1)));
        send(file(EventTypes.FILE_DOWNLOADED, f, now.minusSeconds(5)));
        awaitGet(user, "/api/cdn/activity/", r -> r.<Integer>path("count") == 3);
        assertThat(problems("file_counters")).isZero();

        sql("UPDATE file_stat SET downloads = downloads + 1 WHERE file_id = '" + f.fileId() + "'");
        try {
            Map<String, Object> found = finding("file_counters");
            assertThat(((Number) found.get("problems")).longValue()).isEqualTo(1);
            assertThat(found.get("examples").toString()).contains(f.fileId().toString());
            assertThat(report().getBoolean("consistent")).isFalse();
        } finally {
            sql("UPDATE file_stat SET downloads = downloads - 1 WHERE file_id = '" + f.fileId() + "'");
        }
        assertThat(problems("file_counters")).isZero();
    }

    @Test
    void theCheckAnswersOnlyToServices() {
        given().get("/internal/consistency").then().statusCode(403);
    }

    private long problems(String check) {
        return ((Number) finding(check).get("problems")).longValue();
    }

    private Map<String, Object> finding(String check) {
        return report().getMap("checks.find { it.check == '" + check + "' }");
    }

    private static JsonPath report() {
        return given().header("X-Depot-Service-Token", "test-internal-secret")
                .accept("application/json")
                .get("/internal/consistency")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private void sql(String statement) {
        db.query(statement).execute().await().atMost(Duration.ofSeconds(10));
    }
}
