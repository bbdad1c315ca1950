package dev.depot.processing.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.depot.blobstore.BlobStore;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventTypes;
import dev.depot.processing.TestFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Files registered by URL, their bytes served from 127.0.0.1: the one place private targets are
 * allowed (RegisteredFileGuardTest proves the default refuses them).
 */
@QuarkusTest
@TestProfile(RegisteredFileTest.LocalTargets.class)
class RegisteredFileTest {

    public static class LocalTargets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "depot.processing.remote-fetch.allow-private-targets",
                    "true",
                    "depot.processing.remote-fetch.max-size",
                    "1M",
                    "depot.processing.remote-fetch.timeout",
                    "PT3S");
        }
    }

    @Inject
    BlobStore blobs;

    @Test
    void aRegisteredImageIsFetchedVerifiedAndThumbnailedLikeAStoredOne() throws Exception {
        byte[] png = TestFiles.encode(TestFiles.picture(600, 300, BufferedImage.TYPE_INT_RGB), "png");
        String sha = Registered.sha256(png);
        try (LocalHost host = new LocalHost().bytes("/img/a.png", png)) {
            List<CloudEvent> events = Registered.process(host.url("/img/a.png"), png.length, sha, "image/png");
            CloudEvent done = Registered.last(events);
            JsonNode r = done.data();
            assertThat(done.type()).as(r.toString()).isEqualTo(EventTypes.PROCESSING_COMPLETED);
            assertThat(r.get("status").asText()).isEqualTo("completed");
            assertThat(r.get("source_sha256").asText()).isEqualTo(sha);
            assertThat(r.get("width").asInt()).isEqualTo(600);
            assertThat(size(r.get("thumbnail_sha256").asText())).containsExactly(256, 128);
            assertThat(size(r.get("preview_sha256").asText())).containsExactly(600, 300);
            assertThat(host.requests()).isEqualTo(1);
        }
        // Only the derived images are kept: the fetched original is not in the blob store.
        assertThat(blobs.exists(sha)).isFalse();
    }

    @Test
    void aRedirectIsFollowedOnlyToAUrlThatPassesTheGuardAgain() throws Exception {
        byte[] png = TestFiles.encode(TestFiles.picture(100, 100, BufferedImage.TYPE_INT_RGB), "png");
        String sha = Registered.sha256(png);
        try (LocalHost host = new LocalHost().bytes("/real.png", png)) {
            host.redirect("/moved.png", "/real.png");
            host.redirect("/sneaky.png", "http://0x7f.0.0.1:" + host.port() + "/real.png");
            JsonNode moved = Registered.last(Registered.process(host.url("/moved.png"), png.length, sha, "image/png"))
                    .data();
            assertThat(moved.get("status").asText()).as(moved.toString()).isEqualTo("completed");

            CloudEvent sneaky =
                    Registered.last(Registered.process(host.url("/sneaky.png"), png.length, sha, "image/png"));
            assertThat(sneaky.type()).isEqualTo(EventTypes.PROCESSING_FAILED);
            assertThat(sneaky.data().get("reason").asText())
                    .contains("0x7f.0.0.1")
                    .contains("canonical form");
            assertThat(host.requests()).isEqualTo(3);
        }
    }

    @Test
    void bytesThatDoNotHashToTheRegisteredSha256FailTheJob() throws Exception {
        byte[] png = TestFiles.encode(TestFiles.picture(100, 100, BufferedImage.TYPE_INT_RGB), "png");
        byte[] other = TestFiles.encode(TestFiles.picture(101, 100, BufferedImage.TYPE_INT_RGB), "png");
        try (LocalHost host = new LocalHost().bytes("/a.png", other)) {
            CloudEvent done = Registered.last(
                    Registered.process(host.url("/a.png"), other.length, Registered.sha256(png), "image/png"));
            assertThat(done.type()).isEqualTo(EventTypes.PROCESSING_FAILED);
            assertThat(done.data().get("status").asText()).isEqualTo("failed");
            assertThat(done.data().get("reason").asText())
                    .contains("do not match the registered sha256_hash")
                    .contains(Registered.sha256(other));
            assertThat(done.data().get("thumbnail_sha256").isNull()).isTrue();
        }
    }

    @Test
    void aHostThatSendsMoreThanTheRegisteredSizeIsCutOffWithoutReadingTheRest() throws Exception {
        AtomicLong written = new AtomicLong();
        CountDownLatch cutOff = new CountDownLatch(1);
        byte[] chunk = new byte[64 * 1024];
        try (LocalHost host = new LocalHost().serve("/endless.png", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length to refuse it by up front
            try (OutputStream out = exchange.getResponseBody()) {
                while (written.get() < 1L << 30) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException closedByTheWorker) {
                cutOff.countDown();
            }
        })) {
            long started = System.nanoTime();
            CloudEvent done = Registered.last(
                    Registered.process(host.url("/endless.png"), 100_000, "ab".repeat(32), "image/png"));
            assertThat(done.type()).isEqualTo(EventTypes.PROCESSING_FAILED);
            assertThat(done.data().get("reason").asText())
                    .contains("more than 100000 bytes (its registered file_size)");
            assertThat(cutOff.await(10, TimeUnit.SECONDS))
                    .as("the worker closed the connection")
                    .isTrue();
            // What the socket buffers held, not the gigabyte on offer.
            assertThat(written.get()).isLessThan(16L << 20);
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
        }
    }

    @Test
    void aFileRegisteredAsLargerThanTheCapIsRefusedWithoutAsking() throws Exception {
        try (LocalHost host = new LocalHost().bytes("/big.png", new byte[10]);
                LocalHost declared = new LocalHost().serve("/declared.png", exchange -> {
                    exchange.sendResponseHeaders(200, 900_000);
                    exchange.getResponseBody().write(new byte[1024]);
                })) {
            CloudEvent big =
                    Registered.last(Registered.process(host.url("/big.png"), 2L << 20, "ab".repeat(32), "image/png"));
            assertThat(big.type()).isEqualTo(EventTypes.PROCESSING_FAILED);
            assertThat(big.data().get("reason").asText()).contains("over the limit of 1048576 bytes");
            assertThat(host.requests()).isZero();

            // A Content-Length over the registered size is refused from the header.
            CloudEvent longer = Registered.last(
                    Registered.process(declared.url("/declared.png"), 5_000, "ab".repeat(32), "image/png"));
            assertThat(longer.data().get("reason").asText()).contains("sends 900000 bytes, more than 5000 bytes");
        }
    }

    @Test
    void aHostThatIsSlowOrAnswersAnErrorFailsTheJobWithTheReason() throws Exception {
        try (LocalHost host = new LocalHost()
                .serve("/slow.png", exchange -> {
                    try {
                        Thread.sleep(8_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .serve("/missing.png", exchange -> LocalHost.send(exchange, 404, new byte[0]))) {
            long started = System.nanoTime();
            CloudEvent slow =
                    Registered.last(Registered.process(host.url("/slow.png"), 10, "ab".repeat(32), "image/png"));
            assertThat(slow.data().get("reason").asText()).contains("took longer than the limit of PT3S");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(7_000);

            CloudEvent missing =
                    Registered.last(Registered.process(host.url("/missing.png"), 10, "ab".repeat(32), "image/png"));
            assertThat(missing.type()).isEqualTo(EventTypes.PROCESSING_FAILED);
            assertThat(missing.data().get("reason").asText()).isEqualTo("cdn_url answered 404");
        }
    }

    @Test
    void aTypeNothingIsMadeForIsSkippedWithoutFetching() throws Exception {
        try (LocalHost host = new LocalHost().bytes("/a.zip", new byte[] {'P', 'K', 3, 4})) {
            CloudEvent done =
                    Registered.last(Registered.process(host.url("/a.zip"), 4, "ab".repeat(32), "application/zip"));
            assertThat(done.data().get("status").asText()).isEqualTo("skipped");
            assertThat(done.data().get("reason").asText()).contains("application/zip");
            assertThat(host.requests()).isZero();
        }
    }

    private int[] size(String sha) throws IOException {
        BufferedImage img = ImageIO.read(blobs.open(sha));
        assertThat(img).as("derived blob " + sha).isNotNull();
        return new int[] {img.getWidth(), img.getHeight()};
    }
}
