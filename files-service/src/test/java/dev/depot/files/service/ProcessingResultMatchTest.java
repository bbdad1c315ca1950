package dev.depot.files.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.files.StoredFile;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which file a processing result belongs to: the content it was made from, or none for a hashless registration. */
class ProcessingResultMatchTest {

    @Test
    void aFileRegisteredWithoutAHashTakesTheResultMadeWithoutOne() {
        StoredFile file = file(null);
        ProcessingResultService.apply(
                EventTypes.PROCESSING_COMPLETED,
                ProcessingPayload.of(file.id, file.ownerId, null, "skipped", "no sha256_hash was registered"),
                file);
        assertThat(file.processingStatus).isEqualTo("skipped");
    }

    @Test
    void aResultForOtherContentChangesNothing() {
        StoredFile file = file("a".repeat(64));
        ProcessingResultService.apply(
                EventTypes.PROCESSING_FAILED,
                ProcessingPayload.of(file.id, file.ownerId, "b".repeat(64), "failed", "old content"),
                file);
        ProcessingResultService.apply(
                EventTypes.PROCESSING_FAILED,
                ProcessingPayload.of(file.id, file.ownerId, null, "failed", "no content named"),
                file);
        assertThat(file.processingStatus).isEqualTo("pending");
        ProcessingResultService.apply(
                EventTypes.PROCESSING_FAILED,
                ProcessingPayload.of(file.id, file.ownerId, "a".repeat(64), "failed", "unreachable"),
                file);
        assertThat(file.processingStatus).isEqualTo("failed");
        assertThat(file.processingError).isEqualTo("unreachable");
    }

    private static StoredFile file(String sha256) {
        StoredFile f = new StoredFile();
        f.id = UUID.randomUUID();
        f.ownerId = UUID.randomUUID();
        f.sha256 = sha256;
        f.processingStatus = "pending";
        return f;
    }
}
