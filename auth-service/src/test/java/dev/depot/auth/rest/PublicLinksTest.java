package dev.depot.auth.rest;

import static dev.depot.auth.rest.AuthFixtures.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.auth.rest.AuthFixtures.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Paging links lead to the address the gateway saw. auth-service also has Quarkus apply
 * X-Forwarded-Prefix itself (for the external login's redirects): the prefix appears once, not twice.
 */
@QuarkusTest
class PublicLinksTest {

    @Test
    void pagingLinksCarryThePublicHostAndThePrefixOnce() {
        Account a = register();
        for (String name : new String[] {"one", "two"}) {
            given().auth()
                    .oauth2(a.accessToken())
                    .contentType(ContentType.JSON)
                    .body(Map.of("name", name))
                    .post("/api/auth/tokens/")
                    .then()
                    .statusCode(201);
        }
        String next = given().auth()
                .oauth2(a.accessToken())
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "drive.example.test")
                .header("X-Forwarded-Prefix", "/depot")
                .queryParam("page_size", 1)
                .get("/api/auth/tokens/")
                .then()
                .statusCode(200)
                .extract()
                .path("next");
        assertThat(next).isEqualTo("https://drive.example.test/depot/api/auth/tokens/?page_size=1&page=2");
    }
}
