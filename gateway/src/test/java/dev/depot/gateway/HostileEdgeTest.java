package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Requests the HTTP server itself would refuse before any handler (over-long URLs, huge headers),
 * answers a service gives without a body, and what the gateway tells services about where the
 * client is: every refusal in the envelope, and no client-made X-Forwarded-* reaching a service.
 */
@QuarkusTest
class HostileEdgeTest {

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void aTenKilobyteUrlIs414InTheEnvelope() throws Exception {
        String answer = raw("GET /api/cdn/files/echo?q=" + "a".repeat(10 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 414");
        JsonObject body = body(answer);
        assertThat(body.getBoolean("success")).isFalse();
        assertThat(body.getString("error")).isEqualTo("UriTooLong");
        assertThat(body.getJsonObject("details").getInteger("max_uri_length")).isEqualTo(8192);
        given().get("/api/cdn/files/echo?q=" + "a".repeat(2000)).then().statusCode(200);
    }

    @Test
    void headersOverSixtyFourKilobytesAre431InTheEnvelope() throws Exception {
        String answer =
                raw("GET /api/cdn/files/echo HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(100 * 1024) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431");
        assertThat(body(answer).getString("error")).isEqualTo("RequestHeaderFieldsTooLarge");
    }

    @Test
    void anErrorAServiceAnswersWithoutABodyIsPassedOnInTheEnvelope() {
        // The fake files-service answers paths it does not know with a bare 404.
        given().get("/api/cdn/files/no-such-thing")
                .then()
                .statusCode(404)
                .body("success", equalTo(false))
                .body("error", equalTo("ResourceNotFound"));
        given().head("/api/cdn/files/no-such-thing").then().statusCode(404);
    }

    @Test
    void servicesLearnTheHostTheClientAskedForAndNothingTheClientClaims() {
        given().header("Host", "drive.example.test")
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Prefix", "/evil")
                .header("X-Forwarded-Proto", "https")
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .body("headers.x-forwarded-host", equalTo("drive.example.test"))
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers", not(hasKey("x-forwarded-prefix")));
    }

    /** One request on its own connection, and everything answered until the server closes or stops. */
    private String raw(String request) throws Exception {
        try (Socket s = new Socket(gateway.getHost(), gateway.getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    answer.write(buf, 0, n);
                    if (complete(answer.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException stopped) {
                // what arrived is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = answer.substring(0, end).toLowerCase();
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int length = Integer.parseInt(head.substring(at + 15).split("\r\n")[0].trim());
        return answer.length() - end - 4 >= length;
    }

    private static JsonObject body(String answer) {
        return new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }
}
