package dev.depot.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.testing.TestKafka;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The suite as it runs in production, minus the browser: separate service processes behind the
 * gateway. An event written through auth-service's outbox crosses the real broker and is applied
 * exactly once by analytics-service, also when it is delivered twice.
 */
@ExtendWith(SharedSuite.class)
class EventPlumbingIT {

    private static String gateway;

    @BeforeAll
    static void start() {
        gateway = SharedSuite.suite().url("gateway");
    }

    @Test
    void anAnonymousRequestThroughTheGatewayIs401InTheEnvelope() {
        given().baseUri(gateway)
                .get("/api/cdn/files/")
                .then()
                .statusCode(401)
                .body("success", equalTo(false))
                .body("error", equalTo("Unauthorized"));
    }

    @Test
    void aTokenFromAuthServiceIsAcceptedByTheOtherServices() {
        String token = register().path("access_token");
        given().baseUri(gateway)
                .auth()
                .oauth2(token)
                .get("/api/cdn/files/")
                .then()
                .statusCode(200)
                .body("count", equalTo(0));
    }

    @Test
    void registrationBecomesOneActivityEntryEvenWhenTheEventIsDeliveredTwice() throws Exception {
        Response registered = register();
        String token = registered.path("access_token");
        String userId = registered.path("user.id");
        awaitActivity(token, 1);

        // Deliver the very same event again, as a relay crash between send and delete would.
        List<String> published =
                TestKafka.valuesWithKey(Topics.INTERNAL_AUTH, userId, 1, Duration.ofSeconds(10), Duration.ZERO);
        String original = published.stream()
                .filter(json -> EventCodec.read(json).type().equals("user.registered"))
                .findFirst()
                .orElseThrow();
        TestKafka.send(Topics.INTERNAL_AUTH, userId, original);
        // A later event for the same user lands on the same partition after the duplicate.
        given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("login", registered.path("user.username"), "password", "a long enough passphrase"))
                .post("/api/auth/login")
                .then()
                .statusCode(200);
        Response page = awaitActivity(token, 2);
        assertThat(page.<List<String>>path("results.action")).containsExactly("user.logged_in", "user.registered");
        CloudEvent event = EventCodec.read(original);
        assertThat(page.<String>path("results[1].resource.id")).isEqualTo(event.subject());
    }

    @Test
    void aRequestsTraceContinuesThroughTheGatewayIntoItsEvents() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String name = "tr" + UUID.randomUUID().toString().substring(0, 8);
        Response r = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(Map.of("email", name + "@example.com", "username", name, "password", "a long enough passphrase"))
                .post("/api/auth/register");
        r.then().statusCode(201);
        String userId = r.path("user.id");
        CloudEvent event =
                EventCodec.read(TestKafka.valuesWithKey(Topics.AUTH, userId, 1, Duration.ofSeconds(10), Duration.ZERO)
                        .get(0));
        // Same trace; the span is the gateway's own hop.
        assertThat(event.traceparent()).startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7");
    }

    private static Response register() {
        String name = "sys" + UUID.randomUUID().toString().substring(0, 8);
        Response r = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("email", name + "@example.com", "username", name, "password", "a long enough passphrase"))
                .post("/api/auth/register");
        r.then().statusCode(201);
        return r;
    }

    private static Response awaitActivity(String token, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Response page;
        do {
            page = given().baseUri(gateway).auth().oauth2(token).get("/api/cdn/activity/");
            page.then().statusCode(200);
            if (page.<Integer>path("count") >= count) {
                break;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        Thread.sleep(300);
        page = given().baseUri(gateway).auth().oauth2(token).get("/api/cdn/activity/");
        assertThat(page.<Integer>path("count")).as("activity entries").isEqualTo(count);
        return page;
    }
}
