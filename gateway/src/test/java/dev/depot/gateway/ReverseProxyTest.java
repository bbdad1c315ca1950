package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FakeServices.class)
class ReverseProxyTest {

    /** Far larger than the gateway's heap in this test JVM (-Xmx256m, see the pom). */
    private static final long LARGE = 768L * 1024 * 1024;
    /** An upload of 1 GiB: four times the heap, eight times the direct memory this JVM may have. */
    private static final long LARGE_UPLOAD = 1024L * 1024 * 1024;

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void requestsReachTheOwningServiceWithPathQueryAndForwardingHeaders() {
        given().urlEncodingEnabled(false)
                .header("X-Request-Id", "client-chosen-id-123")
                .header("Authorization", "Bearer abc")
                .header("X-Forwarded-For", "6.6.6.6")
                .get("/api/cdn/files/echo?folder_id=1&search=a%20b")
                .then()
                .statusCode(200)
                .header("X-Request-Id", "client-chosen-id-123")
                .body("path", equalTo("/api/cdn/files/echo"))
                .body("uri", equalTo("/api/cdn/files/echo?folder_id=1&search=a%20b"))
                .body("headers.authorization", equalTo("Bearer abc"))
                .body("headers.x-request-id", equalTo("client-chosen-id-123"))
                // The client's claim is dropped; the gateway says what it saw.
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers.x-forwarded-host", notNullValue());
    }

    @Test
    void aPersonalApiTokenIsExchangedOnceAndForwardedAsAnAccessToken() {
        int before = FakeServices.EXCHANGES.get();
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer dpt_good")
                    .get("/api/cdn/files/echo")
                    .then()
                    .statusCode(200)
                    .body("headers.authorization", equalTo("Bearer exchanged-jwt"));
        }
        assertThat(FakeServices.EXCHANGES.get() - before)
                .as("exchanges, the rest from the cache")
                .isEqualTo(1);
    }

    @Test
    void aWebDavClientSignsInWithAnApiTokenAsItsBasicPasswordAndNeverWithAnAccountPassword() {
        given().header("Authorization", basic("anyone", "dpt_good"))
                .request("PROPFIND", "/dav/echo")
                .then()
                .statusCode(200)
                .body("method", equalTo("PROPFIND"))
                .body("headers.authorization", equalTo("Bearer exchanged-jwt"));
        given().header("Authorization", basic("anyone", "my account password"))
                .request("PROPFIND", "/dav/echo")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic realm="))
                .body("message", org.hamcrest.Matchers.containsString("API token"));
        given().header("Authorization", basic("anyone", "dpt_revoked"))
                .get("/dav/echo")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"));
        // Basic is refused everywhere else too, and only WebDAV is challenged (a browser would show a prompt).
        given().header("Authorization", basic("anyone", "my account password"))
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.nullValue());
    }

    private static String basic(String user, String password) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownApiTokenIs401AtTheGateway() {
        given().header("Authorization", "Bearer dpt_revoked")
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(401)
                .body("success", equalTo(false))
                .body("error", equalTo("Unauthorized"));
    }

    @Test
    void aClientWaitingFor100ContinueIsAnsweredAtOnce() throws Exception {
        try (java.net.Socket s = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
            s.setSoTimeout(500);
            s.getOutputStream()
                    .write(("POST /api/cdn/files/sink HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                    + "Expect: 100-continue\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buf = new byte[64];
            int n = s.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 100");
        }
    }

    @Test
    void anInvalidRequestIdIsReplaced() {
        String id = given().header("X-Request-Id", "bad id\u0001")
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .extract()
                .header("X-Request-Id");
        assertThat(id).matches("[0-9a-f-]{36}");
    }

    @Test
    void hopByHopHeadersStayOnTheirHop() {
        given().header("Connection", "keep-alive, X-Client-Hop")
                .header("X-Client-Hop", "secret")
                .header("Proxy-Authorization", "Basic Zm9vOmJhcg==")
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .body("headers", not(hasKey("x-client-hop")))
                .body("headers", not(hasKey("proxy-authorization")))
                .header("X-Secret-Hop", (String) null);
    }

    @Test
    void prefixesMatchWholeSegmentsOnly() {
        given().get("/api/cdn/filesystem/echo")
                .then()
                .statusCode(404)
                .body("success", equalTo(false))
                .body("error", equalTo("ResourceNotFound"));
    }

    @Test
    void internalPathsAndDotSegmentsAreNeverRouted() {
        given().get("/internal/files").then().statusCode(404).body("success", equalTo(false));
        given().urlEncodingEnabled(false)
                .get("/api/cdn/files/%2e%2e/%2e%2e/internal/x")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"));
    }

    @Test
    void aServiceThatIsDownIs503InTheEnvelope() {
        given().get("/api/cdn/shares/")
                .then()
                .statusCode(503)
                .header("Retry-After", notNullValue())
                .body("success", equalTo(false))
                .body("error", equalTo("ServiceUnavailable"));
    }

    @Test
    void aServiceThatDoesNotAnswerIs504AfterTheIdleTimeout() {
        given().get("/api/cdn/files/never").then().statusCode(504).body("error", equalTo("GatewayTimeout"));
    }

    @TestHTTPResource(value = "health/ready", management = true)
    URI ready;

    @Test
    void theGatewayKeepsItsOwnHealthEndpointsOnItsManagementPort() {
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aLargeUploadStreamsThroughWithoutBeingHeldInMemory() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/cdn/files/sink"))
                .timeout(Duration.ofMinutes(4))
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(LARGE_UPLOAD, expected)),
                        LARGE_UPLOAD))
                .build();
        MemoryWatch memory = MemoryWatch.start();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } finally {
            memory.stop();
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"size\":" + LARGE_UPLOAD)
                .contains(HexFormat.of().formatHex(expected.digest()));
        // The heap is capped at 256 MiB (a buffered body could not fit); direct buffers stay a small window.
        System.out.printf(
                "1 GiB upload: peak heap %d MiB, peak direct %d MiB%n", memory.peakHeap >> 20, memory.peakDirect >> 20);
        assertThat(memory.peakDirect).as("direct memory in use").isLessThan(96L << 20);
    }

    /** Samples heap and direct memory in use (this JVM: client, gateway and fake services together). */
    static final class MemoryWatch {
        volatile long peakHeap;
        volatile long peakDirect;
        private volatile boolean running = true;
        private Thread thread;

        static MemoryWatch start() {
            MemoryWatch w = new MemoryWatch();
            w.thread = new Thread(
                    () -> {
                        var heap = java.lang.management.ManagementFactory.getMemoryMXBean();
                        var pools = java.lang.management.ManagementFactory.getPlatformMXBeans(
                                java.lang.management.BufferPoolMXBean.class);
                        while (w.running) {
                            w.peakHeap = Math.max(
                                    w.peakHeap, heap.getHeapMemoryUsage().getUsed());
                            long direct = Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory());
                            for (var pool : pools) {
                                if (pool.getName().equals("direct")) {
                                    direct = Math.max(direct, pool.getMemoryUsed());
                                }
                            }
                            w.peakDirect = Math.max(w.peakDirect, direct);
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "memory-watch");
            w.thread.setDaemon(true);
            w.thread.start();
            return w;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    @Test
    void aLargeDownloadStreamsThroughWithoutBeingHeldInMemory() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(gateway.resolve("/cdn/bytes/" + LARGE))
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(LARGE);
        long position = 0;
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != (byte) ((position + i) % 251)) {
                        throw new AssertionError("byte " + (position + i) + " differs");
                    }
                }
                position += n;
            }
        }
        assertThat(position).isEqualTo(LARGE);
    }

    /** Byte i is (i % 251), hashed as it is read. */
    static final class PatternStream extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private long position;

        PatternStream(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((position + i) % 251);
            }
            digest.update(b, off, n);
            position += n;
            return n;
        }
    }
}
