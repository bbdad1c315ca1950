package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.depot.testing.FreePorts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limits that protect the services: body and header sizes, timeouts, overload, a service that comes and goes. */
@QuarkusTest
@TestProfile(LimitsTest.TightLimits.class)
class LimitsTest {

    /** Where the analytics route leads: nothing listens there until a test starts a server. */
    static final int FLAKY_PORT = FreePorts.pick();

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "depot.gateway.request-timeout", "PT1S",
                    "depot.gateway.max-header-size", "8K",
                    "depot.gateway.max-in-flight-per-service", "2",
                    "depot.gateway.retry-after", "PT3S",
                    "depot.gateway.routes.analytics-service.url", "http://127.0.0.1:" + FLAKY_PORT);
        }
    }

    @TestHTTPResource("/")
    URI gateway;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aBodyDeclaredLargerThanAJsonRouteTakesIs413BeforeItIsSent() throws Exception {
        String answer = exchange(
                "POST /api/cdn/files/small/sink HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n"
                        + "Expect: 100-continue\r\n\r\n",
                0);
        assertThat(answer)
                .startsWith("HTTP/1.1 413")
                .doesNotContain("100 Continue")
                .containsIgnoringCase("connection: close")
                .contains("\"error\":\"PayloadTooLarge\"")
                .contains("\"max_body_size\":1048576");
    }

    @Test
    void aClientThatSendsAnOversizedBodyAnywayGetsTheAnswerNotAReset() throws Exception {
        String answer = exchange(
                "POST /api/cdn/files/small/sink HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n", 256 * 1024);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"success\":false");
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsCutWith413() throws Exception {
        try (Socket s = new Socket(gateway.getHost(), gateway.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("POST /api/cdn/files/small/sink HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int i = 0; i < 64; i++) { // 4 MiB, far over the 1 MiB a JSON route takes
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closedByTheGateway) {
                    // expected once the gateway has answered
                }
            });
            String answer = readAnswer(s.getInputStream());
            writing.get(10, TimeUnit.SECONDS);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"error\":\"PayloadTooLarge\"");
        }
    }

    @Test
    void anUploadRouteTakesBodiesAJsonRouteWouldRefuse() throws Exception {
        byte[] body = new byte[2 * 1024 * 1024];
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(gateway.resolve("/api/cdn/files/sink"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"size\":" + body.length);
    }

    @Test
    void headersOverTheLimitAre431InTheEnvelope() {
        given().header("X-Big", "x".repeat(10 * 1024))
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(431)
                .body("success", equalTo(false))
                .body("error", equalTo("RequestHeaderFieldsTooLarge"))
                .body("details.max_header_size", equalTo(8192));
        given().header("X-Fine", "x".repeat(4 * 1024))
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200);
    }

    @Test
    void aSlowServiceIs504AfterTheRequestTimeout() {
        long start = System.nanoTime();
        given().get("/api/cdn/files/slow?ms=4000")
                .then()
                .statusCode(504)
                .body("success", equalTo(false))
                .body("error", equalTo("GatewayTimeout"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
    }

    @Test
    void aDownloadStreamsForAsLongAsBytesFlowPastTheRequestTimeout() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(gateway.resolve("/cdn/trickle?chunks=8&every=250"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().lines()).hasSize(8);
    }

    @Test
    void aJsonAnswerStillTricklingAtTheRequestTimeoutIsCutNotLeftOpen() {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(gateway.resolve("/api/cdn/files/trickle?chunks=12&every=250"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body().lines().count()).isLessThan(12);
        } catch (IOException | InterruptedException cut) {
            // the stream was reset: what a client of a cut answer sees
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void aServiceThatGoesDownAndComesBackIsServedAgain() throws Exception {
        given().get("/api/cdn/analytics/echo")
                .then()
                .statusCode(503)
                .header("Retry-After", "3")
                .body("error", equalTo("ServiceUnavailable"));
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"up\":true}"));
            server.listen(FLAKY_PORT, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            given().get("/api/cdn/analytics/echo").then().statusCode(200).body("up", equalTo(true));
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Thread.sleep(200);
            given().get("/api/cdn/analytics/echo").then().statusCode(503).header("Retry-After", notNullValue());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void overloadIsAnswered503WithRetryAfterInsteadOfQueued() throws Exception {
        // Two requests that stay in flight (a download route: no request timeout, cut when idle for 2 s).
        int before = FakeServices.NEVER_ANSWERED.get();
        List<CompletableFuture<HttpResponse<String>>> hanging = List.of(
                http.sendAsync(
                        HttpRequest.newBuilder(gateway.resolve("/cdn/never")).build(),
                        HttpResponse.BodyHandlers.ofString()),
                http.sendAsync(
                        HttpRequest.newBuilder(gateway.resolve("/cdn/never")).build(),
                        HttpResponse.BodyHandlers.ofString()));
        // On a loaded machine the two may take a while to reach the fake service: wait for them, and say so
        // if they never come (the 503 below only holds while both are in flight).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (FakeServices.NEVER_ANSWERED.get() < before + 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(FakeServices.NEVER_ANSWERED.get())
                .as("both hanging requests reached the service")
                .isGreaterThanOrEqualTo(before + 2);
        given().get("/api/cdn/files/echo")
                .then()
                .statusCode(503)
                .header("Retry-After", "3")
                .body("error", equalTo("ServiceUnavailable"));
        for (var f : hanging) {
            assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
        }
        given().get("/api/cdn/files/echo").then().statusCode(200);
    }

    /** Sends the head (and this many zero bytes of body), then reads the whole answer. */
    private String exchange(String head, int bodyBytes) throws IOException {
        try (Socket s = new Socket(gateway.getHost(), gateway.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            if (bodyBytes > 0) {
                s.getOutputStream().write(new byte[bodyBytes]);
            }
            return readAnswer(s.getInputStream());
        }
    }

    /** Everything until the gateway closes the connection (it does, after refusing a body). */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                got.write(buf, 0, n);
            }
        } catch (IOException reset) {
            if (got.size() == 0) {
                throw reset;
            }
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
