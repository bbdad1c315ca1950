package dev.depot.sharing.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What sharing-service offers so far: the caller's shares, behind token verification and the envelope. */
@QuarkusTest
class ShareListTest {

    @Test
    void theCallersSharesArePagedAndNeedAValidToken() {
        given().auth()
                .oauth2(TestTokens.forUser(UUID.randomUUID()))
                .get("/api/cdn/shares/")
                .then()
                .statusCode(200)
                .body("count", equalTo(0))
                .body("results.size()", equalTo(0));
        given().get("/api/cdn/shares/")
                .then()
                .statusCode(401)
                .body("success", equalTo(false))
                .body("error", equalTo("Unauthorized"));
        given().auth()
                .oauth2(TestTokens.expired(UUID.randomUUID()))
                .get("/api/cdn/shares/")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(TestTokens.forUser(UUID.randomUUID()))
                .queryParam("page_size", 0)
                .get("/api/cdn/shares/")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"));
    }

    @TestHTTPResource(value = "health/ready", management = true)
    java.net.URL ready;

    @Test
    void healthCoversTheDatabaseAndTheBroker() {
        given().get(ready)
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems("database", "kafka"));
    }
}
