package dev.depot.processing.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventTypes;
import dev.depot.processing.TestFiles;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The worker as configured by default: registered files on private addresses are not fetched. */
@QuarkusTest
class RegisteredFileGuardTest {

    @Test
    void aRegisteredFileOnALoopbackAddressIsRefusedAndTheHostNeverAsked() throws Exception {
        byte[] png = TestFiles.encode(TestFiles.picture(100, 100, BufferedImage.TYPE_INT_RGB), "png");
        try (LocalHost host = new LocalHost().bytes("/a.png", png)) {
            CloudEvent done = Registered.last(
                    Registered.process(host.url("/a.png"), png.length, Registered.sha256(png), "image/png"));
            assertThat(done.type()).isEqualTo(EventTypes.PROCESSING_FAILED);
            assertThat(done.data().get("status").asText()).isEqualTo("failed");
            assertThat(done.data().get("reason").asText())
                    .isEqualTo(
                            "url's host 127.0.0.1 resolves to 127.0.0.1, a loopback, private, link-local or reserved address");
            assertThat(host.requests()).isZero();
        }
    }

    @Test
    void aNonCanonicalLoopbackAddressIsRefusedByItsForm() throws Exception {
        try (LocalHost host = new LocalHost().bytes("/a.png", new byte[] {1})) {
            CloudEvent done = Registered.last(
                    Registered.process("http://2130706433:" + host.port() + "/a.png", 1, "ab".repeat(32), "image/png"));
            assertThat(done.data().get("reason").asText())
                    .contains("2130706433")
                    .contains("canonical form");
            assertThat(host.requests()).isZero();
        }
    }
}
