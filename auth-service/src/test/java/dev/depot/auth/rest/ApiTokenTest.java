package dev.depot.auth.rest;

import static dev.depot.auth.rest.AuthFixtures.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.depot.auth.rest.AuthFixtures.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiTokenTest {

    private static final String SECRET = "test-internal-secret";

    @Test
    void aTokenIsShownOnceListedWithoutItsValueAndRevocable() {
        Account a = register();
        Response created = create(a, "backup script");
        created.then().statusCode(201).body("token", startsWith("dpt_")).body("name", equalTo("backup script"));
        String id = created.path("id");
        String value = created.path("token");

        given().auth()
                .oauth2(a.accessToken())
                .get("/api/auth/tokens/")
                .then()
                .statusCode(200)
                .body("count", equalTo(1))
                .body("results[0].id", equalTo(id))
                .body("results[0]", not(hasKey("token")))
                .body("results[0].prefix", equalTo(value.substring(0, 10)));

        exchange(value).then().statusCode(200).body("user_id", equalTo(a.id()));
        given().auth()
                .oauth2(a.accessToken())
                .delete("/api/auth/tokens/" + id + "/")
                .then()
                .statusCode(204);
        exchange(value).then().statusCode(401);
        given().auth().oauth2(a.accessToken()).get("/api/auth/tokens/").then().body("count", equalTo(0));
    }

    @Test
    void anotherUsersTokenIs404() {
        Account owner = register();
        Account other = register();
        String id = create(owner, "mine").path("id");
        given().auth()
                .oauth2(other.accessToken())
                .delete("/api/auth/tokens/" + id + "/")
                .then()
                .statusCode(404)
                .body("error", equalTo("ResourceNotFound"));
        given().auth()
                .oauth2(other.accessToken())
                .get("/api/auth/tokens/")
                .then()
                .body("count", equalTo(0));
    }

    @Test
    void theExchangedAccessTokenActsForTheUserButCannotManageTokensOrThePassword() {
        Account a = register();
        String value = create(a, "sync").path("token");
        String access = exchange(value).then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(access).get("/api/auth/me").then().statusCode(200).body("id", equalTo(a.id()));
        given().auth()
                .oauth2(access)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "escalate"))
                .post("/api/auth/tokens/")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(access)
                .contentType(ContentType.JSON)
                .body(Map.of("old_password", a.password(), "new_password", "some other passphrase"))
                .post("/api/auth/reset_password")
                .then()
                .statusCode(403);
    }

    @Test
    void theInternalExchangeDemandsTheServiceSecret() {
        Account a = register();
        String value = create(a, "x").path("token");
        given().contentType(ContentType.JSON)
                .body(Map.of("token", value))
                .post("/internal/tokens/exchange")
                .then()
                .statusCode(403);
        given().contentType(ContentType.JSON)
                .header("X-Depot-Service-Token", "guess")
                .body(Map.of("token", value))
                .post("/internal/tokens/exchange")
                .then()
                .statusCode(403);
        exchange("dpt_made-up").then().statusCode(401);
        exchange("not even a token").then().statusCode(401);
    }

    @Test
    void creatingATokenIsValidated() {
        Account a = register();
        given().auth()
                .oauth2(a.accessToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", " "))
                .post("/api/auth/tokens/")
                .then()
                .statusCode(400)
                .body("details", hasKey("name"));
        given().auth()
                .oauth2(a.accessToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "expires_in_days", 0))
                .post("/api/auth/tokens/")
                .then()
                .statusCode(400)
                .body("details", hasKey("expires_in_days"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .post("/api/auth/tokens/")
                .then()
                .statusCode(401);
        Response withExpiry = given().auth()
                .oauth2(a.accessToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "expires_in_days", 30))
                .post("/api/auth/tokens/");
        withExpiry.then().statusCode(201);
        assertThat(withExpiry.<String>path("expires_at")).isNotNull();
    }

    private static Response create(Account a, String name) {
        return given().auth()
                .oauth2(a.accessToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/api/auth/tokens/");
    }

    private static Response exchange(String token) {
        return given().contentType(ContentType.JSON)
                .header("X-Depot-Service-Token", SECRET)
                .body(Map.of("token", token))
                .post("/internal/tokens/exchange");
    }
}
