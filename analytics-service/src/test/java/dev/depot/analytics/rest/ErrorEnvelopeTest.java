package dev.depot.analytics.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import dev.depot.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Whatever a request gets wrong, the answer is the envelope naming what was wrong: parameters that do
 * not convert, bodies of the wrong shape or types, methods and media types a route does not take. The
 * mappers are libs/service-common's, so every service answers the same.
 */
@QuarkusTest
class ErrorEnvelopeTest {

    @TestHTTPResource("/")
    java.net.URI self;

    private final String token = TestTokens.forUser(UUID.randomUUID());

    private RequestSpecification as() {
        return given().auth().oauth2(token);
    }

    private static ValidatableResponse envelope(ValidatableResponse r, int status, String error) {
        return r.statusCode(status)
                .contentType(containsString("application/json"))
                .body("success", equalTo(false))
                .body("error", equalTo(error))
                .body("message", notNullValue());
    }

    @Test
    void queryParametersThatDoNotConvertAre400NamingThem() {
        envelope(as().queryParam("page", "abc").get("/api/cdn/activity/").then(), 400, "ValidationError")
                .body("details.page", equalTo("must be a whole number"));
        envelope(
                        as().queryParam("page_size", "99999999999999")
                                .get("/api/cdn/webhooks/")
                                .then(),
                        400,
                        "ValidationError")
                .body("details.page_size", equalTo("must be a whole number"));
        envelope(as().queryParam("page", "2.5").get("/api/cdn/processing/").then(), 400, "ValidationError")
                .body("details", hasKey("page"));
        // The same parameters, well formed, are answered.
        as().queryParam("page", "1").get("/api/cdn/activity/").then().statusCode(200);
    }

    @Test
    void aPathIdThatIsNotAUuidIsNotFoundInTheEnvelope() {
        envelope(as().get("/api/cdn/webhooks/not-a-uuid/").then(), 404, "ResourceNotFound")
                .body("details.id", equalTo("must be a UUID"));
        envelope(as().get("/api/cdn/activity/1-2-3-4-5/").then(), 404, "ResourceNotFound");
    }

    @Test
    void bodiesOfTheWrongShapeOrTypesAre400NamingTheField() {
        String json = "application/json";
        envelope(as().contentType(json).body("[1,2]").post("/api/cdn/webhooks/").then(), 400, "ValidationError")
                .body("details.body", equalTo("must be a JSON object"));
        envelope(
                        as().contentType(json)
                                .body("{not json")
                                .post("/api/cdn/webhooks/")
                                .then(),
                        400,
                        "ValidationError")
                .body("message", containsString("not valid JSON"))
                .body("details.body", equalTo("is not valid JSON"));
        // A number is not text: it is refused, not turned into "12".
        envelope(
                        as().contentType(json)
                                .body("{\"url\": 12, \"event_types\": [\"*\"]}")
                                .post("/api/cdn/webhooks/")
                                .then(),
                        400,
                        "ValidationError")
                .body("details.url", equalTo("must be text"));
        envelope(
                        as().contentType(json)
                                .body("{\"url\": \"https://example.com/h\", \"event_types\": \"*\"}")
                                .post("/api/cdn/webhooks/")
                                .then(),
                        400,
                        "ValidationError")
                .body("details.event_types", equalTo("must be a list"));
        envelope(
                        as().contentType(json)
                                .body("{\"url\": \"https://example.com/h\", \"event_types\": [\"*\"], \"x\": 1}")
                                .post("/api/cdn/webhooks/")
                                .then(),
                        400,
                        "ValidationError")
                .body("details", hasKey("x"));
    }

    @Test
    void methodsAndMediaTypesARouteDoesNotTakeAreAnsweredInTheEnvelope() {
        envelope(as().put("/api/cdn/activity/").then(), 405, "MethodNotAllowed");
        envelope(as().accept("image/png").get("/api/cdn/activity/").then(), 406, "NotAcceptable");
        envelope(
                as().contentType("text/plain")
                        .body("url=x")
                        .post("/api/cdn/webhooks/")
                        .then(),
                415,
                "UnsupportedMediaType");
        envelope(
                as().contentType("garbage")
                        .body("x".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .post("/api/cdn/webhooks/")
                        .then(),
                415,
                "UnsupportedMediaType");
        envelope(as().get("/api/cdn/nothing-here/").then(), 404, "ResourceNotFound");
        envelope(given().get("/api/cdn/activity/").then(), 401, "Unauthorized");
    }

    @Test
    void errorsAnsweredWithoutABodyGetTheEnvelopeAnyway() throws Exception {
        envelope(given().get("/test-only/bare-conflict").then(), 409, "Conflict");
        envelope(given().get("/test-only/vertx-failure").then(), 400, "ValidationError");
        envelope(given().get("/test-only/vertx-exception").then(), 500, "InternalError")
                .body("message", containsString("error id"));
        // A body declared larger than the service takes (quarkus.http.limits.max-body-size, 10 MiB here).
        try (java.net.Socket s = new java.net.Socket(self.getHost(), self.getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream()
                    .write(("POST /api/cdn/webhooks/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                                    + "\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer)
                    .startsWith("HTTP/1.1 413")
                    .contains("\"success\":false")
                    .contains("\"error\":\"PayloadTooLarge\"");
        }
    }
}
