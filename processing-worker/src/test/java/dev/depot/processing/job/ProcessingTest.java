package dev.depot.processing.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.depot.blobstore.BlobStore;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.FilePayload;
import dev.depot.processing.TestFiles;
import dev.depot.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The worker against the real broker: an upload event in, derived images in the blob store and
 * processing.* events out, for every format it handles and for the files that must not hurt it.
 */
@QuarkusTest
class ProcessingTest {

    @Inject
    BlobStore blobs;

    record Outcome(List<CloudEvent> events) {
        CloudEvent last() {
            return events.get(events.size() - 1);
        }

        JsonNode result() {
            return last().data();
        }
    }

    @Test
    void jpegThumbnailsAreUprightAndKeepTheDateTaken() throws Exception {
        byte[] jpeg = TestFiles.jpegWithExif(
                TestFiles.picture(400, 200, BufferedImage.TYPE_INT_RGB), 6, "2021:07:04 12:30:00");
        Outcome o = process(jpeg, "image/jpeg");
        assertThat(o.last().type()).isEqualTo(EventTypes.PROCESSING_COMPLETED);
        assertThat(o.events().get(0).type()).isEqualTo(EventTypes.PROCESSING_STARTED);
        JsonNode r = o.result();
        assertThat(r.get("status").asText()).isEqualTo("completed");
        // Orientation 6: stored 400 x 200, shown 200 x 400.
        assertThat(r.get("width").asInt()).isEqualTo(200);
        assertThat(r.get("height").asInt()).isEqualTo(400);
        assertThat(r.get("taken_at").asText()).isEqualTo("2021-07-04T12:30:00Z");
        assertThat(size(r.get("thumbnail_sha256").asText())).containsExactly(128, 256);
        assertThat(size(r.get("preview_sha256").asText())).containsExactly(200, 400);
    }

    @Test
    void everyImageFormatGetsAThumbnailAndAPreviewNeverEnlarged() throws Exception {
        record Case(String mime, byte[] bytes, int[] thumb, int[] preview) {}
        List<Case> cases = List.of(
                new Case(
                        "image/png",
                        TestFiles.encode(TestFiles.picture(300, 600, BufferedImage.TYPE_INT_ARGB), "png"),
                        new int[] {128, 256},
                        new int[] {300, 600}),
                new Case(
                        "image/gif",
                        TestFiles.encode(TestFiles.picture(64, 32, BufferedImage.TYPE_INT_RGB), "gif"),
                        new int[] {64, 32},
                        new int[] {64, 32}),
                new Case(
                        "image/bmp",
                        TestFiles.encode(TestFiles.picture(1200, 900, BufferedImage.TYPE_INT_RGB), "bmp"),
                        new int[] {256, 192},
                        new int[] {1024, 768}),
                new Case(
                        "image/tiff",
                        TestFiles.encode(TestFiles.picture(500, 500, BufferedImage.TYPE_INT_RGB), "tiff"),
                        new int[] {256, 256},
                        new int[] {500, 500}),
                // No WebP encoder in Java: this one was made with ImageMagick (convert -size 320x240
                // gradient:red-blue).
                new Case("image/webp", resource("/images/gradient.webp"), new int[] {256, 192}, new int[] {320, 240}));
        for (Case c : cases) {
            Outcome o = process(c.bytes(), c.mime());
            JsonNode r = o.result();
            assertThat(r.get("status").asText()).as(c.mime() + ": " + r).isEqualTo("completed");
            assertThat(size(r.get("thumbnail_sha256").asText())).as(c.mime()).containsExactly(c.thumb());
            assertThat(size(r.get("preview_sha256").asText())).as(c.mime()).containsExactly(c.preview());
        }
    }

    @Test
    void pdfsGetTheirFirstPageAndPageCountTextGetsAPreviewOthersAreSkipped() throws Exception {
        JsonNode pdf = process(TestFiles.pdf(3), "application/pdf").result();
        assertThat(pdf.get("status").asText()).isEqualTo("completed");
        assertThat(pdf.get("page_count").asInt()).isEqualTo(3);
        int[] thumb = size(pdf.get("thumbnail_sha256").asText());
        assertThat(Math.max(thumb[0], thumb[1])).isEqualTo(256);
        assertThat(thumb[1]).isGreaterThan(thumb[0]);

        String text = "Shopping list\n\u0007- milk\n- bread\n" + "x".repeat(2000);
        JsonNode txt = process(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain")
                .result();
        assertThat(txt.get("status").asText()).isEqualTo("completed");
        assertThat(txt.get("text_preview").asText())
                .startsWith("Shopping list\n- milk\n- bread\nxxx")
                .hasSize(500);
        assertThat(txt.get("thumbnail_sha256").isNull()).isTrue();

        JsonNode zip =
                process(new byte[] {'P', 'K', 3, 4, 0, 0}, "application/zip").result();
        assertThat(zip.get("status").asText()).isEqualTo("skipped");
        assertThat(zip.get("reason").asText()).contains("application/zip");
    }

    @Test
    void aPixelFloodIsRefusedFromItsHeaderQuickly() throws Exception {
        long started = System.nanoTime();
        Outcome o = process(TestFiles.pixelFlood(60_000, 60_000), "image/png");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(o.last().type()).isEqualTo(EventTypes.PROCESSING_FAILED);
        assertThat(o.result().get("reason").asText()).contains("60000 x 60000").contains("over the limit");
        assertThat(millis).isLessThan(5_000);
    }

    @Test
    void aTruncatedJpegFailsItsJobAndTheWorkerGoesOn() throws Exception {
        byte[] whole = TestFiles.encode(TestFiles.noise(800, 600), "jpeg");
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        Outcome broken = process(half, "image/jpeg");
        assertThat(broken.last().type()).isEqualTo(EventTypes.PROCESSING_FAILED);
        assertThat(broken.result().get("reason").asText()).containsIgnoringCase("truncated");
        Outcome garbage = process("not an image at all".getBytes(), "image/png");
        assertThat(garbage.last().type()).isEqualTo(EventTypes.PROCESSING_FAILED);
        Outcome fine = process(whole, "image/jpeg");
        assertThat(fine.last().type()).isEqualTo(EventTypes.PROCESSING_COMPLETED);
    }

    @Test
    void aDuplicateEventGivesTheSameResultOnce() throws Exception {
        byte[] png = TestFiles.encode(TestFiles.picture(700, 700, BufferedImage.TYPE_INT_RGB), "png");
        String sha = blobsPut(png);
        UUID fileId = UUID.randomUUID();
        String trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String event = EventCodec.write(
                EventCodec.read(uploadEvent(fileId, sha, "image/png")).withTrace(trace));
        TestKafka.send(Topics.FILES, fileId.toString(), event);
        TestKafka.send(Topics.FILES, fileId.toString(), event);
        List<CloudEvent> out = await(fileId, 4);
        List<CloudEvent> completed = out.stream()
                .filter(e -> e.type().equals(EventTypes.PROCESSING_COMPLETED))
                .toList();
        assertThat(completed).hasSize(2);
        // Same input event, same output event: consumers' inboxes apply it once.
        assertThat(completed.get(0).id()).isEqualTo(completed.get(1).id());
        assertThat(completed.get(0).data().get("thumbnail_sha256"))
                .isEqualTo(completed.get(1).data().get("thumbnail_sha256"));
        // The upload's trace continues into the results.
        assertThat(out).allSatisfy(e -> assertThat(e.traceparent()).isEqualTo(trace));
    }

    @Test
    void aBlobThatCannotBeReadIsRetriedThenFailedAndDeadLettered() {
        UUID fileId = UUID.randomUUID();
        String missing = "0".repeat(63) + "1";
        TestKafka.send(Topics.FILES, fileId.toString(), uploadEvent(fileId, missing, "image/png"));
        List<CloudEvent> out = await(fileId, 2);
        assertThat(out.get(out.size() - 1).type()).isEqualTo(EventTypes.PROCESSING_FAILED);
        assertThat(out.get(out.size() - 1).data().get("reason").asText()).contains("gave up after 3 attempts");
        List<String> dead = TestKafka.valuesWithKey(
                "depot.dlq.processing", fileId.toString(), 1, Duration.ofSeconds(20), Duration.ZERO);
        assertThat(dead).hasSize(1);
        assertThat(EventCodec.read(dead.get(0)).subject()).isEqualTo(fileId.toString());
    }

    // --- helpers ---

    private Outcome process(byte[] bytes, String mime) throws IOException {
        UUID fileId = UUID.randomUUID();
        TestKafka.send(Topics.FILES, fileId.toString(), uploadEvent(fileId, blobsPut(bytes), mime));
        return new Outcome(await(fileId, 2));
    }

    private String blobsPut(byte[] bytes) throws IOException {
        String sha = dev.depot.crypto.Hashes.sha256Hex(bytes);
        blobs.put(new java.io.ByteArrayInputStream(bytes), sha);
        return sha;
    }

    private static String uploadEvent(UUID fileId, String sha, String mime) {
        UUID owner = UUID.randomUUID();
        return EventCodec.write(CloudEvent.of(
                "depot/files-service",
                EventTypes.FILE_UPLOADED,
                fileId.toString(),
                owner,
                EventCodec.toData(new FilePayload(fileId, owner, "f", null, 1, mime, "other", sha, false))));
    }

    private static List<CloudEvent> await(UUID fileId, int expected) {
        List<CloudEvent> events = TestKafka.valuesWithKey(
                        Topics.PROCESSING, fileId.toString(), expected, Duration.ofSeconds(60), Duration.ofMillis(300))
                .stream()
                .map(EventCodec::read)
                .toList();
        assertThat(events).as("processing events for " + fileId).hasSizeGreaterThanOrEqualTo(expected);
        return events;
    }

    private int[] size(String sha) throws IOException {
        BufferedImage img = ImageIO.read(blobs.open(sha));
        assertThat(img).as("derived blob " + sha + " is a readable image").isNotNull();
        return new int[] {img.getWidth(), img.getHeight()};
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = ProcessingTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }
}
