package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every request and answer gets at the gateway's edge: headers, CORS, trace context, the access log. */
@QuarkusTest
class EdgeTest {

    private static final String WEB_APP = "http://localhost:8080";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final List<String> accessLog = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            accessLog.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureTheAccessLog() {
        Logger.getLogger("depot.gateway.access").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("depot.gateway.access").removeHandler(capture);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (Response r : List.of(
                given().get("/api/cdn/files/echo"),
                given().get("/api/cdn/nothing-here"),
                given().get("/q/health/ready"))) {
            r.then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "strict-origin-when-cross-origin")
                    .header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    // Plain HTTP here, and TLS is not said to end in front: no HSTS.
                    .header("Strict-Transport-Security", nullValue());
        }
    }

    @Test
    void aPreflightFromTheWebAppIsAnsweredByTheGateway() {
        given().header("Origin", WEB_APP)
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "Authorization, Content-Type, Upload-Offset")
                .options("/api/cdn/files/echo")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", WEB_APP)
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Methods", containsString("PATCH"))
                .header("Access-Control-Allow-Headers", "Authorization, Content-Type, Upload-Offset")
                .header("Access-Control-Max-Age", "600")
                .header("Vary", containsString("Origin"));
    }

    @Test
    void aPreflightFromAnyOtherOriginIsRefused() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "DELETE")
                .options("/api/cdn/files/echo")
                .then()
                .statusCode(403)
                .body("success", equalTo(false))
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Methods", nullValue());
    }

    @Test
    void theWebAppMayReadAnswersWithCredentialsAndOthersMayNot() {
        given().header("Origin", WEB_APP)
                .get("/api/cdn/files/cors")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", WEB_APP)
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Expose-Headers", containsString("X-RateLimit-Remaining"))
                .header("Vary", containsString("Origin"));
        // The fake service says "*" for anyone: the gateway alone decides.
        given().header("Origin", "https://evil.example")
                .get("/api/cdn/files/cors")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    void aValidTraceparentIsContinuedToTheServiceAndAMissingOneStarted() {
        Response continued = given().header("traceparent", TRACEPARENT)
                .header("tracestate", "congo=t61rcWkgMzE")
                .get("/api/cdn/files/echo");
        String forwarded = continued.jsonPath().getString("headers.traceparent");
        assertThat(forwarded)
                .matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
                .isNotEqualTo(TRACEPARENT);
        assertThat(continued.jsonPath().getString("headers.tracestate")).isEqualTo("congo=t61rcWkgMzE");

        given().get("/api/cdn/files/echo")
                .then()
                .body("headers.traceparent", matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
        given().header("traceparent", "00-zzzz-bad-01")
                .header("tracestate", "a=b")
                .get("/api/cdn/files/echo")
                .then()
                .body("headers.traceparent", matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-01"))
                .body("headers", not(org.hamcrest.Matchers.hasKey("tracestate")));
    }

    @Test
    void eachRequestIsOneJsonAccessLogLineWithItsSecretsRedacted() throws Exception {
        UUID user = UUID.randomUUID();
        given().urlEncodingEnabled(false)
                .header("X-Request-Id", "logged-request-0001")
                .header("Authorization", "Bearer " + TestTokens.forUser(user))
                .get("/api/cdn/files/echo?token=t0p&sig=s1g&key=k3y&password=pw&access_token=at&page=2")
                .then()
                .statusCode(200);
        given().header("X-Request-Id", "logged-request-0002")
                .get("/api/cdn/shares/public/SHARE-SECRET-42/files/7/download?exp=99&key=K3Y");
        // A link's page: its token is as secret, whether the app (a browser) or the proxy answers.
        given().header("X-Request-Id", "logged-request-0003")
                .header("Accept", "text/html")
                .get("/s/PAGE-SECRET-7");
        given().header("X-Request-Id", "logged-request-0004").get("/s/PAGE-SECRET-8/");

        JsonObject first = line("logged-request-0001");
        assertThat(first.getString("method")).isEqualTo("GET");
        assertThat(first.getString("service")).isEqualTo("files-service");
        assertThat(first.getString("route")).isEqualTo("/api/cdn/files");
        assertThat(first.getString("path"))
                .isEqualTo("/api/cdn/files/echo?token=REDACTED"
                        + "&sig=REDACTED&key=REDACTED&password=REDACTED&access_token=REDACTED&page=2");
        assertThat(first.getInteger("status")).isEqualTo(200);
        assertThat(first.getLong("bytes_in")).isZero();
        assertThat(first.getLong("bytes_out")).isPositive();
        assertThat(first.getDouble("duration_ms")).isNotNull();
        assertThat(first.getString("user_id")).isEqualTo(user.toString());
        assertThat(first.getString("trace_id")).matches("[0-9a-f]{32}");

        JsonObject second = line("logged-request-0002");
        assertThat(second.getString("path"))
                .isEqualTo("/api/cdn/shares/public/{token}/files/7/download?exp=99&key=REDACTED");
        assertThat(second.getString("service")).isEqualTo("sharing-service");
        assertThat(second.getInteger("status")).isEqualTo(503);
        assertThat(second.getValue("user_id")).isNull();
        assertThat(line("logged-request-0003").getString("path")).isEqualTo("/s/{token}");
        assertThat(line("logged-request-0004").getString("path")).isEqualTo("/s/{token}/");
        assertThat(String.join("\n", accessLog))
                .doesNotContain("SHARE-SECRET-42", "t0p", "s1g", "k3y", "K3Y", "PAGE-SECRET");
    }

    private JsonObject line(String requestId) throws InterruptedException {
        // Written when the answer has gone out, which may be just after the client has it.
        for (int i = 0; i < 100; i++) {
            for (String l : accessLog) {
                JsonObject json = new JsonObject(l);
                if (requestId.equals(json.getString("request_id"))) {
                    return json;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no access log line for " + requestId + " in " + accessLog);
    }
}
