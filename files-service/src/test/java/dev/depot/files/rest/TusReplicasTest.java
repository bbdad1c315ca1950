package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.blobstore.BlobStore;
import dev.depot.blobstore.LocalBlobStore;
import dev.depot.common.error.ApiException;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.repository.TusUploadRepository;
import dev.depot.files.service.Access;
import dev.depot.files.service.BlobCollector;
import dev.depot.files.service.Caller;
import dev.depot.files.service.FileService;
import dev.depot.files.service.QuotaService;
import dev.depot.files.service.TusService;
import dev.depot.files.service.UploadService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Resumable uploads whose state is in PostgreSQL and whose bytes are parts in the blob store: any
 * replica takes the next PATCH, racing PATCHes cannot both count, a completion a dead replica left
 * undone is finished by the client's retry, and idle uploads expire with the collector.
 */
@QuarkusTest
class TusReplicasTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    BlobStore blobs;

    @Inject
    Pool db;

    @Inject
    BlobCollector collector;

    @Inject
    TusUploadRepository rows;

    @Inject
    FilesConfig config;

    @Inject
    FileService files;

    @Inject
    UploadService uploads;

    @Inject
    QuotaService quotas;

    @Inject
    Access access;

    @Inject
    Clock clock;

    /** Another replica: its own service and its own store object over the shared blob root, nothing in memory. */
    TusService otherReplica() {
        BlobStore store = new LocalBlobStore(((LocalBlobStore) blobs).root(), clock);
        return new TusService(config, store, files, uploads, quotas, access, collector, rows, clock);
    }

    @Test
    void patchesAlternatingBetweenReplicasMakeOneFile() throws Exception {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(250_000);
        String path = create(d, bytes.length, "alternating.png");
        String id = idOf(path);

        patch(d, path, 0, Arrays.copyOfRange(bytes, 0, 100_000))
                .then()
                .statusCode(204)
                .header("Upload-Offset", "100000");
        // The bytes are in the blob store, not in a replica's temporary directory.
        assertThat(blobs.uploadIds()).contains(id);
        assertThat(tusFilesIn(blobs.temporaryDirectory())).isEmpty();

        TusService.Appended second = otherReplica()
                .append(
                        new Caller(d.user),
                        UUID.fromString(id),
                        100_000,
                        new ByteArrayInputStream(Arrays.copyOfRange(bytes, 100_000, 200_000)));
        assertThat(second.offset()).isEqualTo(200_000);
        assertThat(second.fileId()).isNull();
        assertThat(offset(d, path)).isEqualTo(200_000);

        // Somebody else's upload stays invisible, whichever verb.
        Drive stranger = new Drive();
        patch(stranger, path, 200_000, new byte[] {1}).then().statusCode(404);
        given().auth()
                .oauth2(stranger.token)
                .header("Tus-Resumable", "1.0.0")
                .delete(path)
                .then()
                .statusCode(404);
        assertThatThrownBy(() -> otherReplica().state(new Caller(stranger.user), UUID.fromString(id)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(404));

        Response last = patch(d, path, 200_000, Arrays.copyOfRange(bytes, 200_000, bytes.length));
        last.then().statusCode(204).header("Upload-Offset", String.valueOf(bytes.length));
        assertThat(content(d, last.header("Depot-File-Id"))).isEqualTo(bytes);
        // The other replica answers HEAD with the file the upload became.
        assertThat(otherReplica().head(new Caller(d.user), UUID.fromString(id)).fileId())
                .hasToString(last.header("Depot-File-Id"));
        assertThat(blobs.uploadIds()).doesNotContain(id);
    }

    @Test
    void ofTwoPatchesRacingAtOneOffsetExactlyOneCounts() throws Exception {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(120_000);
        String path = create(d, bytes.length, "raced.png");
        String id = idOf(path);
        byte[] half = Arrays.copyOfRange(bytes, 0, 60_000);
        // The other request's first half: different bytes, so the file shows whose counted.
        byte[] otherHalf = half.clone();
        for (int i = 1000; i < otherHalf.length; i++) {
            otherHalf[i] = (byte) (otherHalf[i] ^ 0x5a);
        }
        // Both bodies end only when both requests are past the offset check and have spooled everything.
        CyclicBarrier bothSpooled = new CyclicBarrier(2);
        HttpClient http = HttpClient.newHttpClient();
        var first = http.sendAsync(slowPatch(d, path, half, bothSpooled), HttpResponse.BodyHandlers.ofString());
        var second = http.sendAsync(slowPatch(d, path, otherHalf, bothSpooled), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> one = first.get(30, TimeUnit.SECONDS);
        HttpResponse<String> two = second.get(30, TimeUnit.SECONDS);
        int a = one.statusCode();
        int b = two.statusCode();

        assertThat(List.of(a, b)).containsExactlyInAnyOrder(204, 409);
        // Both passed the offset check while their bodies came: the conditional update decided.
        assertThat((a == 409 ? one : two).body()).contains("moved past offset 0 meanwhile");
        byte[] winner = a == 204 ? half : otherHalf;
        assertThat(offset(d, path)).isEqualTo(60_000);
        // The loser's part is gone: one part stored.
        try (Stream<Path> parts =
                Files.list(((LocalBlobStore) blobs).root().resolve("uploads").resolve(id))) {
            assertThat(parts.count()).isEqualTo(1);
        }

        Response last = patch(d, path, 60_000, Arrays.copyOfRange(bytes, 60_000, bytes.length));
        last.then().statusCode(204);
        byte[] expected = new byte[bytes.length];
        System.arraycopy(winner, 0, expected, 0, 60_000);
        System.arraycopy(bytes, 60_000, expected, 60_000, bytes.length - 60_000);
        assertThat(content(d, last.header("Depot-File-Id"))).isEqualTo(expected);
    }

    @Test
    void aCompletionADeadReplicaLeftUndoneIsFinishedByThePatchRetry() throws Throwable {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(90_000);
        String path = create(d, bytes.length, "finished-later.png");
        UUID id = UUID.fromString(idOf(path));
        patch(d, path, 0, Arrays.copyOfRange(bytes, 0, 50_000)).then().statusCode(204);
        dieAfterTheLastUpdate(id, 50_000, Arrays.copyOfRange(bytes, 50_000, bytes.length));

        // The client learns that all bytes came, but no file exists yet: the replica died completing it.
        assertThat(offset(d, path)).isEqualTo(bytes.length);
        d.as().get("/api/cdn/files/").then().body("count", equalTo(0));

        Response retry = patch(d, path, bytes.length, new byte[0]);
        retry.then().statusCode(204).header("Upload-Offset", String.valueOf(bytes.length));
        assertThat(content(d, retry.header("Depot-File-Id"))).isEqualTo(bytes);
        d.as().get("/api/cdn/files/").then().body("count", equalTo(1));
        // Done once: another retry answers the same file and completes nothing twice; the parts are gone.
        patch(d, path, bytes.length, new byte[0])
                .then()
                .statusCode(204)
                .header("Depot-File-Id", retry.header("Depot-File-Id"));
        assertThat(blobs.uploadIds()).doesNotContain(id.toString());
        d.as().get("/api/cdn/files/").then().body("count", equalTo(1));
    }

    @Test
    void aStalledCompletionIsFinishedByHeadSinceTusClientsSendNoMorePatch() throws Throwable {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(40_000);
        String path = create(d, bytes.length, "headed.png");
        UUID id = UUID.fromString(idOf(path));
        dieAfterTheLastUpdate(id, 0, bytes);
        sql("UPDATE tus_upload SET updated_at = now() - interval '5 minutes' WHERE id = '" + id + "'");

        assertThat(offset(d, path)).isEqualTo(bytes.length);
        d.as().get("/api/cdn/files/")
                .then()
                .body("count", equalTo(1))
                .body("results[0].filename", equalTo("headed.png"))
                .body("results[0].sha256", equalTo(BytesTest.sha256(bytes)));
        String fileId = d.as().get("/api/cdn/files/").then().extract().path("results[0].id");
        given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .head(path)
                .then()
                .statusCode(200)
                .header("Upload-Offset", String.valueOf(bytes.length))
                .header("Depot-File-Id", fileId);
    }

    @Test
    void theCollectorExpiresIdleUploadsAndPartsWithoutAnUpload() throws Throwable {
        Drive d = new Drive();
        String idle = create(d, 1000, "idle.bin");
        String active = create(d, 1000, "active.bin");
        patch(d, idle, 0, new byte[300]).then().statusCode(204);
        patch(d, active, 0, new byte[400]).then().statusCode(204);
        sql("UPDATE tus_upload SET updated_at = now() - interval '30 days' WHERE id = '" + idOf(idle) + "'");
        String orphan = UUID.randomUUID().toString();
        Path chunk = blobs.temporaryFile();
        Files.write(chunk, new byte[10]);
        blobs.putPart(orphan, 0, chunk);

        int collected = VertxContextSupport.subscribeAndAwait(() -> collector.collect(config.blobGracePeriod()));

        assertThat(collected).isGreaterThanOrEqualTo(2);
        given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .head(idle)
                .then()
                .statusCode(404);
        assertThat(blobs.uploadIds()).doesNotContain(idOf(idle), orphan).contains(idOf(active));
        assertThat(offset(d, active)).isEqualTo(400);
        patch(d, idle, 300, new byte[10]).then().statusCode(404);
    }

    /**
     * What a replica leaves that stored the last part and moved the offset to the length, then died
     * before recording the file.
     */
    private void dieAfterTheLastUpdate(UUID id, long from, byte[] rest) throws Throwable {
        Path chunk = blobs.temporaryFile();
        Files.write(chunk, rest);
        String part = blobs.putPart(id.toString(), from, chunk);
        boolean advanced = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                        () -> rows.advance(id, from, from + rest.length, part, clock.instant())))
                .booleanValue();
        assertThat(advanced).isTrue();
    }

    private HttpRequest slowPatch(Drive d, String path, byte[] body, CyclicBarrier barrier) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + d.token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method(
                        "PATCH",
                        HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                                    private final InputStream bytes = new ByteArrayInputStream(body);

                                    @Override
                                    public int read() throws IOException {
                                        byte[] one = new byte[1];
                                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                                    }

                                    @Override
                                    public int read(byte[] b, int off, int len) throws IOException {
                                        int n = bytes.read(b, off, len);
                                        if (n < 0) {
                                            try {
                                                // Give the server time to read what was sent, then end both at once.
                                                Thread.sleep(300);
                                                barrier.await(20, TimeUnit.SECONDS);
                                            } catch (Exception e) {
                                                throw new IOException(e);
                                            }
                                        }
                                        return n;
                                    }
                                }),
                                body.length))
                .build();
    }

    private void sql(String statement) {
        db.query(statement).execute().await().atMost(Duration.ofSeconds(10));
    }

    private static List<Path> tusFilesIn(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(p -> p.getFileName().toString().startsWith("tus-")).forEach(found::add);
        }
        return found;
    }

    static String create(Drive d, long length, String filename) {
        return URI.create(given().auth()
                        .oauth2(d.token)
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", length)
                        .header(
                                "Upload-Metadata",
                                "filename "
                                        + Base64.getEncoder().encodeToString(filename.getBytes(StandardCharsets.UTF_8)))
                        .post("/api/cdn/uploads/")
                        .then()
                        .statusCode(201)
                        .extract()
                        .header("Location"))
                .getPath();
    }

    static String idOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static Response patch(Drive d, String path, long offset, byte[] bytes) {
        return given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", offset)
                .contentType("application/offset+octet-stream")
                .body(bytes)
                .patch(path);
    }

    static long offset(Drive d, String path) {
        return Long.parseLong(given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .head(path)
                .then()
                .statusCode(200)
                .extract()
                .header("Upload-Offset"));
    }

    static byte[] content(Drive d, String fileId) {
        return given().auth()
                .oauth2(d.token)
                .get("/api/cdn/files/" + fileId + "/content")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
    }
}
