package dev.depot.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.testing.TestEnv;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uploads that end badly leave no bytes behind that nothing owns: one cut off by the gateway over its
 * size limit, and one whose files-service is killed midway and started again. Only auth-service,
 * files-service and the gateway run: a route to another service answers 503.
 */
class UnownedBytesIT {

    /** The gateway's upload limit (201M), and then some: the gateway has to cut this one off. */
    private static final long OVER_THE_LIMIT = 210L * 1024 * 1024;

    private static Suite suite;
    private static String gateway;

    @BeforeAll
    static void start() throws Exception {
        suite = new Suite().start("auth-service", "files-service", "gateway");
        gateway = suite.url("gateway");
    }

    @AfterAll
    static void stop() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void aServiceThatIsNotRunningIs503ThroughTheGatewayInTheEnvelope() {
        given().baseUri(gateway)
                .get("/api/cdn/shares/")
                .then()
                .statusCode(503)
                .body("success", equalTo(false))
                .body("error", equalTo("ServiceUnavailable"));
    }

    @Test
    void aChunkedUploadTheGatewayCutsOffWith413LeavesNothingBehind() throws Exception {
        String token = register();
        String kept = upload(token, "kept.txt", "bytes a row owns");
        int port = suite.port("gateway");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            CompletableFuture<String> status = statusLine(socket);
            long sent = streamChunked(socket.getOutputStream(), token, OVER_THE_LIMIT);
            assertThat(status.get(30, TimeUnit.SECONDS))
                    .as("after %d bytes", sent)
                    .startsWith("HTTP/1.1 413");
        }
        assertThat(eventually(() -> unowned().isEmpty()))
                .as("unowned: %s", unowned())
                .isTrue();
        assertThat(ownedBlobs()).as("the blob of %s", kept).isNotEmpty();
    }

    @Test
    void aStreamedUploadInterruptedByKillingFilesServiceLeavesNothingAfterARestart() throws Exception {
        String token = register();
        Path spool = suite.dataDir().resolve("blobs/tmp/spool");
        try (Socket socket = new Socket("127.0.0.1", suite.port("files-service"))) {
            CompletableFuture<Long> streaming = CompletableFuture.supplyAsync(() -> {
                try {
                    return streamChunked(socket.getOutputStream(), token, 100L * 1024 * 1024);
                } catch (IOException e) {
                    return -1L;
                }
            });
            assertThat(eventually(() -> sizeOfFiles(spool) > 20L * 1024 * 1024))
                    .as("the upload is being spooled")
                    .isTrue();
            suite.kill("files-service");
            streaming.get(30, TimeUnit.SECONDS);
        }
        assertThat(sizeOfFiles(spool)).as("what the killed process left").isGreaterThan(0);
        suite.restart("files-service");
        assertThat(unowned()).isEmpty();
        // And it still takes uploads.
        upload(token, "after.txt", "after the restart");
    }

    /** Files under the data directory that neither a row names nor belong to the service's settings. */
    private static List<Path> unowned() {
        Set<String> named = namedBlobs();
        try (Stream<Path> files = Files.walk(suite.dataDir())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("url-signing.key"))
                    .filter(p -> p.startsWith(suite.dataDir().resolve("blobs/tmp"))
                            || !named.contains(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> ownedBlobs() {
        Set<String> named = namedBlobs();
        try (Stream<Path> files = Files.walk(suite.dataDir().resolve("blobs"))) {
            return files.filter(p -> named.contains(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> namedBlobs() {
        Set<String> named = new HashSet<>();
        try (Connection c =
                        DriverManager.getConnection(suite.jdbcUrl("files"), TestEnv.dbUser(), TestEnv.dbPassword());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT storage_path FROM stored_file UNION SELECT thumbnail_sha256 FROM "
                                + "stored_file UNION SELECT preview_sha256 FROM stored_file UNION SELECT storage_path FROM file_version")) {
            while (r.next()) {
                named.add(r.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return named;
    }

    /**
     * A multipart upload with chunked framing (no length: only counting tells it is too large), {@code size}
     * bytes of file, streamed in 1 MiB chunks. Answers how many bytes went before the connection ended.
     */
    private static long streamChunked(OutputStream out, String token, long size) throws IOException {
        String boundary = "b" + UUID.randomUUID();
        out.write(("POST /api/cdn/files/upload/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        chunk(
                out,
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                                + "Content-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        byte[] slice = new byte[1 << 20];
        long sent = 0;
        try {
            while (sent < size) {
                chunk(out, slice);
                sent += slice.length;
            }
            chunk(out, ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException cutOff) {
            // The other end closed the connection: what this test is about.
        }
        return sent;
    }

    private static void chunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads the answer's status line while the body is still being sent: an early answer is the point. */
    private static CompletableFuture<String> statusLine(Socket socket) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
            } catch (IOException e) {
                return "no answer: " + e;
            }
        });
    }

    private static long sizeOfFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String register() {
        String name = "ub" + UUID.randomUUID().toString().substring(0, 8);
        Response r = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("email", name + "@example.com", "username", name, "password", "a long enough passphrase"))
                .post("/api/auth/register");
        r.then().statusCode(201);
        return r.path("access_token");
    }

    private static String upload(String token, String name, String content) {
        return given().baseUri(gateway)
                .auth()
                .oauth2(token)
                .multiPart("file", name, content.getBytes(StandardCharsets.UTF_8))
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
