package dev.depot.processing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.depot.testing.DepotTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DepotTestResources.class)
class HealthTest {

    @Test
    void readinessIncludesTheBroker() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check"));
    }

    @Test
    void metricsAreExposed() {
        given().get("/q/metrics").then().statusCode(200);
    }
}
