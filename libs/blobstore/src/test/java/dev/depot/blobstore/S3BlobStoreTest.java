package dev.depot.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.crypto.Hashes;
import dev.depot.s3server.S3Server;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a real S3 server (S3Proxy over a temporary directory), with a key pair it checks. */
class S3BlobStoreTest extends BlobStoreContract {

    @TempDir
    static Path dir;

    static S3Server server;
    static S3BlobStore store;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(dir.resolve("s3"), freePort(), "test-access", "test-secret");
        store = new S3BlobStore(
                S3Settings.of(server.endpoint(), "us-east-1", "depot-blobs", "test-access", "test-secret", "files"),
                dir.resolve("tmp"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    boolean exactStamps() {
        return false;
    }

    @Test
    void keysAreThePrefixAndTheLocalLayout() {
        String sha = Hashes.sha256Hex(unique("key"));
        assertThat(store.key(sha)).isEqualTo("files/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha);
        assertThat(store.localPath(sha)).isEmpty();
    }

    @Test
    void aPresignedUrlServesTheBytesWithTheAskedHeadersUntilTampered() throws Exception {
        byte[] bytes = unique("presigned");
        String sha = Hashes.sha256Hex(bytes);
        store.put(spooled(bytes), sha);
        URI url = store.presignedGet(sha, Duration.ofMinutes(5), "attachment; filename=\"a.txt\"", "text/plain")
                .orElseThrow();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<byte[]> ok =
                http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(bytes);
        assertThat(ok.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"a.txt\"");
        assertThat(ok.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));

        URI tampered = URI.create(url.toString().replace("X-Amz-Signature=", "X-Amz-Signature=0"));
        HttpResponse<byte[]> refused =
                http.send(HttpRequest.newBuilder(tampered).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void aWrongKeyPairIsRefused() {
        assertThatThrownBy(() -> new S3BlobStore(
                                S3Settings.of(
                                        server.endpoint(), "us-east-1", "depot-blobs", "test-access", "wrong", ""),
                                dir.resolve("tmp2"))
                        .stat(Hashes.sha256Hex(unique("x"))))
                .isInstanceOf(Exception.class);
    }

    static int freePort() throws IOException {
        // Below the ephemeral range, where client sockets do not take ports (see test-support's FreePorts).
        for (int i = 0; i < 100; i++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (ServerSocket s = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port");
    }
}
