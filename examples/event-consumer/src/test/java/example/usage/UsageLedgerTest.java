package example.usage;

import static org.assertj.core.api.Assertions.assertThat;

import example.usage.UsageLedger.Outcome;
import example.usage.UsageLedger.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageLedgerTest {

    private static final String ALICE = UUID.randomUUID().toString();
    private static final String BOB = UUID.randomUUID().toString();

    private final UsageLedger ledger = new UsageLedger(2);

    @Test
    void uploadsAndRegisteredFilesCountPerOwner() {
        String a = id();
        String b = id();
        String c = id();
        apply(file("file.uploaded", a, ALICE, 1000, "h1"));
        apply(file("file.uploaded", b, ALICE, 500, "h2"));
        // Registered: the bytes are elsewhere, the declared size counts all the same.
        apply(fileWithUrl("file.registered", c, BOB, 7000, "https://elsewhere.example/c"));

        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 1500, 2));
        assertThat(ledger.usage(BOB)).isEqualTo(new Usage(BOB, 7000, 1));
        assertThat(ledger.all()).extracting(Usage::userId).containsExactlyInAnyOrder(ALICE, BOB);
    }

    @Test
    void theSameEventTwiceChangesNothing() {
        String a = id();
        String first = file("file.uploaded", a, ALICE, 1000, "h1");
        String second = file("file.uploaded", a, ALICE, 3000, "h2");
        assertThat(ledger.apply(first)).isEqualTo(Outcome.APPLIED);
        assertThat(ledger.apply(second)).isEqualTo(Outcome.APPLIED);
        Usage before = ledger.usage(ALICE);

        // The older upload again, after the newer: without the id it would look like a third content.
        assertThat(ledger.apply(first)).isEqualTo(Outcome.DUPLICATE);
        assertThat(ledger.apply(second)).isEqualTo(Outcome.DUPLICATE);

        assertThat(ledger.usage(ALICE)).isEqualTo(before).isEqualTo(new Usage(ALICE, 4000, 1));
        assertThat(ledger.stats().duplicates()).isEqualTo(2);
    }

    @Test
    void theSameContentToldAgainUnderAnotherIdIsNoNewVersion() {
        String a = id();
        apply(file("file.uploaded", a, ALICE, 1000, "h1"));
        apply(file("file.uploaded", a, ALICE, 1000, "h1"));
        assertThat(ledger.usage(ALICE).bytes()).isEqualTo(1000);
    }

    @Test
    void newContentKeepsTheOldAsAVersionUpToTheLimit() {
        String a = id();
        apply(file("file.uploaded", a, ALICE, 100, "h1"));
        apply(file("file.uploaded", a, ALICE, 200, "h2"));
        assertThat(ledger.usage(ALICE).bytes()).isEqualTo(300);
        apply(file("file.uploaded", a, ALICE, 400, "h3"));
        apply(file("file.uploaded", a, ALICE, 800, "h4"));
        // Two versions kept: 200 and 400; the first content is gone.
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 800 + 400 + 200, 1));
        // Making an old version current again keeps what it replaces, as a new version.
        apply(file("file.uploaded", a, ALICE, 400, "h3"));
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 400 + 800 + 400, 1));
    }

    @Test
    void theTrashStillCountsAndDeletingForGoodFreesFileAndVersions() {
        String a = id();
        String b = id();
        apply(file("file.uploaded", a, ALICE, 1000, "h1"));
        apply(file("file.uploaded", a, ALICE, 2000, "h2"));
        apply(file("file.uploaded", b, ALICE, 50, "h3"));
        apply(file("file.updated", b, ALICE, 50, "h3"));
        apply(file("file.trashed", a, ALICE, 2000, "h2"));
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 3050, 2));
        apply(file("file.restored", a, ALICE, 2000, "h2"));
        apply(file("file.trashed", a, ALICE, 2000, "h2"));
        apply(file("file.deleted", a, ALICE, 2000, "h2"));
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 50, 1));
    }

    @Test
    void aFileDeletedForGoodDoesNotComeBackWithALateEvent() {
        String a = id();
        apply(file("file.uploaded", a, ALICE, 1000, "h1"));
        apply(file("file.deleted", a, ALICE, 1000, "h1"));
        apply(file("file.restored", a, ALICE, 1000, "h1"));
        apply(file("file.uploaded", a, ALICE, 1000, "h1"));
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 0, 0));
    }

    @Test
    void replayingTheWholeHistoryConverges() {
        String a = id();
        String b = id();
        String c = id();
        List<String> history = new ArrayList<>(List.of(
                file("file.uploaded", a, ALICE, 1000, "h1"),
                file("file.uploaded", b, BOB, 300, "h2"),
                file("file.uploaded", a, ALICE, 1500, "h3"),
                file("file.moved", a, ALICE, 1500, "h3"),
                file("file.registered", c, ALICE, 9000, null),
                file("file.trashed", b, BOB, 300, "h2"),
                file("file.deleted", b, BOB, 300, "h2"),
                file("file.uploaded", a, ALICE, 700, "h4")));
        history.forEach(this::apply);
        List<Usage> once = ledger.all();

        // Read again from the beginning into the same ledger (a redelivered batch), and into a fresh one.
        history.forEach(ledger::apply);
        UsageLedger fresh = new UsageLedger(2);
        history.forEach(fresh::apply);

        assertThat(ledger.all()).isEqualTo(once);
        assertThat(fresh.all()).isEqualTo(once);
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 700 + 1500 + 1000 + 9000, 2));
        assertThat(ledger.usage(BOB)).isEqualTo(new Usage(BOB, 0, 0));
    }

    @Test
    void aFileFirstMetAfterItsUploadIsTakenAsItIsNow() {
        // The topic no longer retains the upload: the first event seen still says how big the file is.
        String a = id();
        apply(file("file.starred", a, ALICE, 640, "h1"));
        apply(file("file.trashed", a, ALICE, 640, "h1"));
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 640, 1));
    }

    @Test
    void unknownTypesAndOtherPayloadVersionsAreIgnored() {
        String a = id();
        assertThat(ledger.apply(event(
                        "file.shredded",
                        a,
                        "{\"file_id\":\"" + a + "\",\"owner_id\":\"" + ALICE + "\",\"file_size\":5}",
                        null)))
                .isEqualTo(Outcome.IGNORED);
        assertThat(ledger.apply(
                        event("folder.created", id(), "{\"folder_id\":\"x\",\"owner_id\":\"" + ALICE + "\"}", null)))
                .isEqualTo(Outcome.IGNORED);
        assertThat(ledger.apply(event(
                        "file.uploaded",
                        a,
                        "{\"file_id\":\"" + a + "\",\"owner_id\":\"" + ALICE + "\",\"file_size\":5}",
                        "urn:depot:event:file.uploaded:v2")))
                .isEqualTo(Outcome.IGNORED);
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 0, 0));
        assertThat(ledger.stats().ignored()).isEqualTo(3);
    }

    @Test
    void malformedRecordsAreSkippedAndWhatFollowsStillCounts() {
        String a = id();
        assertThat(ledger.apply("{not json")).isEqualTo(Outcome.MALFORMED);
        assertThat(ledger.apply(null)).isEqualTo(Outcome.MALFORMED);
        assertThat(ledger.apply("[1,2,3]")).isEqualTo(Outcome.MALFORMED);
        assertThat(ledger.apply("{\"specversion\":\"1.0\",\"type\":\"file.uploaded\"}"))
                .isEqualTo(Outcome.MALFORMED);
        // A file event without the file's size or owner cannot be counted.
        assertThat(ledger.apply(event("file.uploaded", a, "{\"file_id\":\"" + a + "\"}", null)))
                .isEqualTo(Outcome.MALFORMED);
        assertThat(ledger.apply(event("file.uploaded", a, "\"a string\"", null)))
                .isEqualTo(Outcome.MALFORMED);

        apply(file("file.uploaded", a, ALICE, 42, "h1"));
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 42, 1));
        assertThat(ledger.stats().malformed()).isEqualTo(6);
    }

    @Test
    void unknownAttributesAndPayloadFieldsAreIgnored() {
        String a = id();
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id() + "\",\"source\":\"depot/files-service\","
                + "\"type\":\"file.uploaded\",\"subject\":\"" + a + "\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"datacontenttype\":\"application/json\",\"dataschema\":\"urn:depot:event:file.uploaded:v1\","
                + "\"userid\":\"" + ALICE + "\",\"traceparent\":\"00-x\",\"somethingnew\":{\"a\":1},"
                + "\"data\":{\"file_id\":\"" + a + "\",\"owner_id\":\"" + ALICE + "\",\"filename\":\"a.txt\","
                + "\"folder_id\":null,\"file_size\":12,\"mime_type\":\"text/plain\",\"category\":\"documents\","
                + "\"sha256\":\"h\",\"starred\":false,\"cdn_url\":null,\"colour\":\"blue\"}}";
        assertThat(ledger.apply(json)).isEqualTo(Outcome.APPLIED);
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 12, 1));
    }

    @Test
    void aFileTakenAlongByItsFolderIsGoneAndTheFolderEventChangesNothing() {
        String a = id();
        String b = id();
        apply(file("file.uploaded", a, ALICE, 100, "h1"));
        apply(file("file.uploaded", b, ALICE, 40, "h2"));
        apply(file("file.deleted", a, ALICE, 100, "h1"));
        assertThat(ledger.apply(event(
                        "folder.deleted",
                        id(),
                        "{\"folder_id\":\"g\",\"owner_id\":\"" + ALICE + "\",\"folders\":2,\"files\":1}",
                        null)))
                .isEqualTo(Outcome.IGNORED);
        assertThat(ledger.usage(ALICE)).isEqualTo(new Usage(ALICE, 40, 1));
    }

    private void apply(String json) {
        assertThat(ledger.apply(json)).as(json).isEqualTo(Outcome.APPLIED);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static String file(String type, String fileId, String owner, long size, String sha) {
        return event(type, fileId, fileData(fileId, owner, size, sha, null), null);
    }

    private static String fileWithUrl(String type, String fileId, String owner, long size, String cdnUrl) {
        return event(type, fileId, fileData(fileId, owner, size, null, cdnUrl), null);
    }

    private static String fileData(String fileId, String owner, long size, String sha, String cdnUrl) {
        return "{\"file_id\":\"" + fileId + "\",\"owner_id\":\"" + owner + "\",\"filename\":\"f\",\"file_size\":" + size
                + ",\"sha256\":" + (sha == null ? "null" : "\"" + sha + "\"")
                + ",\"cdn_url\":" + (cdnUrl == null ? "null" : "\"" + cdnUrl + "\"") + "}";
    }

    private static String event(String type, String subject, String data, String dataschema) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id() + "\",\"source\":\"depot/files-service\",\"type\":\"" + type
                + "\",\"subject\":\"" + subject + "\",\"datacontenttype\":\"application/json\""
                + (dataschema == null ? "" : ",\"dataschema\":\"" + dataschema + "\"") + ",\"data\":" + data + "}";
    }
}
