package dev.depot.processing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.depot.testing.DepotTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DepotTestResources.class)
class HealthTest {

    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void readinessIncludesTheBroker() {
        given().get(ready).then().statusCode(200).body("status", equalTo("UP")).body("checks.name", hasItem("kafka"));
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        given().get(metrics).then().statusCode(200);
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
    }
}
