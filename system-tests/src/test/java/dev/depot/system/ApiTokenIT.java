package dev.depot.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A personal API token works as a Bearer token on every service through the gateway, until revoked. */
@ExtendWith(SharedSuite.class)
class ApiTokenIT {

    private static String gateway;

    @BeforeAll
    static void start() {
        gateway = SharedSuite.suite().url("gateway");
    }

    @Test
    void anApiTokenIsAcceptedEverywhereUntilItIsRevoked() throws InterruptedException {
        String name = "tok" + UUID.randomUUID().toString().substring(0, 8);
        Response session = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("email", name + "@example.com", "username", name, "password", "a long enough passphrase"))
                .post("/api/auth/register");
        String access = session.path("access_token");
        Response created = given().baseUri(gateway)
                .auth()
                .oauth2(access)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "cli"))
                .post("/api/auth/tokens/");
        created.then().statusCode(201);
        String apiToken = created.path("token");

        given().baseUri(gateway)
                .auth()
                .oauth2(apiToken)
                .get("/api/cdn/files/")
                .then()
                .statusCode(200);
        given().baseUri(gateway)
                .auth()
                .oauth2(apiToken)
                .get("/api/auth/me")
                .then()
                .statusCode(200)
                .body("username", equalTo(name));

        given().baseUri(gateway)
                .auth()
                .oauth2(access)
                .delete("/api/auth/tokens/" + created.path("id") + "/")
                .then()
                .statusCode(204);
        Thread.sleep(1500);
        given().baseUri(gateway)
                .auth()
                .oauth2(apiToken)
                .get("/api/cdn/files/")
                .then()
                .statusCode(401)
                .body("success", equalTo(false));
    }
}
