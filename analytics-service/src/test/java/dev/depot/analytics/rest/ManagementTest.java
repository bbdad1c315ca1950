package dev.depot.analytics.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.depot.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Health and metrics are on the management interface, not on the API port, and the metrics name
 * routes by their templates: an id or a token in a path never becomes a label.
 */
@QuarkusTest
class ManagementTest {

    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void healthAndMetricsAreNotOnTheApiPort() {
        for (String path : new String[] {"/q/health/ready", "/q/health", "/q/metrics"}) {
            given().get(path).then().statusCode(404).body("success", equalTo(false));
        }
        // The public documentation stays where the gateway fetches it.
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void readinessIsOnTheManagementPortWithTheDatabaseAndTheBroker() {
        given().get(ready)
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("database", "kafka"));
    }

    @Test
    void metricsUseRouteTemplatesNeverRawIds() {
        UUID secret = UUID.randomUUID();
        String token = TestTokens.forUser(UUID.randomUUID());
        given().auth()
                .oauth2(token)
                .get("/api/cdn/webhooks/" + secret + "/")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token)
                .get("/api/cdn/webhooks/" + secret + "/deliveries/")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token)
                .put("/api/cdn/activity/" + secret + "/")
                .then()
                .statusCode(405);
        given().auth()
                .oauth2(token)
                .get("/api/cdn/activity/not-a-uuid-" + secret + "/")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token)
                .accept("image/png")
                .get("/api/cdn/webhooks/" + secret + "/")
                .then()
                .statusCode(406);
        given().auth()
                .oauth2(token)
                .contentType("text/plain")
                .body("x")
                .delete("/api/cdn/webhooks/" + secret + "/")
                .then()
                .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        String publicToken = "Tk" + secret.toString().replace("-", "") + "xyzXYZ0123456789";
        given().get("/api/cdn/activity/" + publicToken)
                .then()
                .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        given().auth()
                .oauth2(token)
                .post("/api/cdn/activity/" + publicToken)
                .then()
                .statusCode(405);
        String scraped = given().get(metrics).then().statusCode(200).extract().asString();
        assertThat(scraped)
                .contains("http_server_requests_seconds_count")
                .doesNotContain(secret.toString())
                .doesNotContain(publicToken)
                .contains("uri=\"/api/cdn/activity/{id}\"");
    }
}
