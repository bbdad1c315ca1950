package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiDocsTest {

    @Test
    void theIndexListsTheRoutesAndEachServicesOpenApiDocument() {
        given().get("/api")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("docs", equalTo("/api/docs"))
                .body(
                        "services.name",
                        hasItems("auth-service", "files-service", "sharing-service", "analytics-service"))
                .body("services.find { it.name == 'files-service' }.openapi", equalTo("/api/openapi/files-service"))
                .body("services.find { it.name == 'files-service' }.prefixes", hasItem("/api/cdn/files"))
                .body("routes.find { it.prefix == '/api/cdn/shares' }.service", equalTo("sharing-service"))
                .body("policies.find { it.name == 'upload' }.rate_limit", equalTo(10));
    }

    @Test
    void aServicesOpenApiDocumentIsFetchedThroughTheGatewayAsJson() {
        given().get("/api/openapi/files-service")
                .then()
                .statusCode(200)
                .body("openapi", equalTo("3.1.0"))
                .body("x-uri", equalTo("/q/openapi?format=json"))
                .body("x-accept", equalTo("application/json"));
        given().get("/api/openapi/no-such-service").then().statusCode(404).body("success", equalTo(false));
        // A service that is down: the envelope, as for any route.
        given().get("/api/openapi/sharing-service").then().statusCode(503).body("error", equalTo("ServiceUnavailable"));
    }

    @Test
    void theSwaggerUiOffersEveryServicesDocument() {
        given().get("/api/docs")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("/api/docs/swagger-ui-bundle.js"));
        given().get("/api/docs/init.js")
                .then()
                .statusCode(200)
                .body(containsString("\"url\":\"/api/openapi/files-service\""))
                .body(containsString("\"url\":\"/api/openapi/auth-service\""));
        given().get("/api/docs/swagger-ui-bundle.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("SwaggerUIBundle"));
        given().get("/api/docs/swagger-ui.css").then().statusCode(200).contentType(containsString("text/css"));
        given().get("/api/docs/nothing.js").then().statusCode(404);
    }
}
