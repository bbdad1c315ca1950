package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.common.security.ReplicatedJwksFactory;
import dev.depot.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A service other than auth-service accepts exactly the tokens auth-service would have signed. */
@QuarkusTest
class TokenVerificationTest {

    private final UUID user = UUID.randomUUID();

    @Inject
    JWTCallerPrincipalFactory factory;

    @Test
    void tokensGoThroughTheFactoryThatTakesKeysFromWhicheverAuthReplicaAnswers() {
        assertThat(factory).isInstanceOf(ReplicatedJwksFactory.class);
    }

    @Test
    void aFreshTokenPassesAsBearerOrCookie() {
        given().auth()
                .oauth2(TestTokens.forUser(user))
                .get("/api/cdn/files/")
                .then()
                .statusCode(200)
                .body("count", equalTo(0));
        given().cookie("access_token", TestTokens.forUser(user))
                .get("/api/cdn/files/")
                .then()
                .statusCode(200);
    }

    @Test
    void noTokenIs401InTheEnvelope() {
        given().get("/api/cdn/files/")
                .then()
                .statusCode(401)
                .body("success", equalTo(false))
                .body("error", equalTo("Unauthorized"));
    }

    @Test
    void anExpiredTokenIs401() {
        given().auth()
                .oauth2(TestTokens.expired(user))
                .get("/api/cdn/files/")
                .then()
                .statusCode(401)
                .body("error", equalTo("Unauthorized"));
    }

    @Test
    void aTokenSignedByAnotherKeyIs401() {
        given().auth()
                .oauth2(TestTokens.signedByStranger(user))
                .get("/api/cdn/files/")
                .then()
                .statusCode(401);
    }

    @Test
    void anUnsignedAlgNoneTokenIs401() {
        given().auth()
                .oauth2(TestTokens.unsigned(user))
                .get("/api/cdn/files/")
                .then()
                .statusCode(401);
    }

    @Test
    void aTamperedTokenIs401() {
        given().auth()
                .oauth2(TestTokens.tampered(user, UUID.randomUUID()))
                .get("/api/cdn/files/")
                .then()
                .statusCode(401);
    }

    @Test
    void theSamePathWithoutTheTrailingSlashWorksToo() {
        given().auth()
                .oauth2(TestTokens.forUser(user))
                .get("/api/cdn/files")
                .then()
                .statusCode(200);
    }

    @Test
    void badPagingIs400() {
        given().auth()
                .oauth2(TestTokens.forUser(user))
                .queryParam("page_size", 0)
                .get("/api/cdn/files/")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"));
        // More than the maximum is taken as the maximum, as Django REST framework's paginators do.
        given().auth()
                .oauth2(TestTokens.forUser(user))
                .queryParam("page_size", 101)
                .get("/api/cdn/files/")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(TestTokens.forUser(user))
                .queryParam("page", 0)
                .get("/api/cdn/files/")
                .then()
                .statusCode(400);
    }

    @TestHTTPResource(value = "health/ready", management = true)
    java.net.URL ready;

    @TestHTTPResource(value = "health/live", management = true)
    java.net.URL live;

    @TestHTTPResource(value = "metrics", management = true)
    java.net.URL metrics;

    @Test
    void healthAndMetricsArePublishedOnTheManagementPortAndOpenApiOnTheApiPort() {
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
        given().get(live).then().statusCode(200);
        given().get(metrics).then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(404).body("success", equalTo(false));
    }

    @Test
    void anUnknownPathIs404InTheEnvelope() {
        given().auth()
                .oauth2(TestTokens.forUser(user))
                .get("/api/cdn/nothing-here")
                .then()
                .statusCode(404)
                .body("success", equalTo(false));
    }
}
