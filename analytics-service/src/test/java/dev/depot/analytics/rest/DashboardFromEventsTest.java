package dev.depot.analytics.rest;

import static dev.depot.analytics.Events.awaitGet;
import static dev.depot.analytics.Events.file;
import static dev.depot.analytics.Events.filePayload;
import static dev.depot.analytics.Events.folder;
import static dev.depot.analytics.Events.get;
import static dev.depot.analytics.Events.now;
import static dev.depot.analytics.Events.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.analytics.Events;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The dashboard's numbers against the files the events describe, whatever order and however often they come. */
@QuarkusTest
class DashboardFromEventsTest {

    private static final String DASHBOARD = "/api/cdn/dashboard/";

    @Test
    void theDashboardCountsWhatATrashedAndRestoredFolderTookWithItAndForgetsWhatWasDeletedForGood() {
        UUID user = UUID.randomUUID();
        UUID root = UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        OffsetDateTime t = now().minusMinutes(10);
        FolderPayload folderA = new FolderPayload(a, user, "Photos", root, "/Photos", null, null);
        FolderPayload folderB = new FolderPayload(b, user, "2024", a, "/Photos/2024", null, null);
        send(folder(EventTypes.FOLDER_CREATED, folderA, t));
        send(folder(EventTypes.FOLDER_CREATED, folderB, t.plusSeconds(1)));
        FilePayload inRoot = filePayload(user, UUID.randomUUID(), "notes.bin", root, 100, "others");
        FilePayload inA = filePayload(user, UUID.randomUUID(), "report.pdf", a, 200, "documents");
        FilePayload inB = filePayload(user, UUID.randomUUID(), "beach.png", b, 300, "images");
        FilePayload trashedInA = filePayload(user, UUID.randomUUID(), "old.png", a, 5000, "images");
        FilePayload deleted = filePayload(user, UUID.randomUUID(), "movie.mp4", root, 4000, "videos");
        send(file(EventTypes.FILE_UPLOADED, inRoot, t.plusSeconds(2)));
        send(file(EventTypes.FILE_UPLOADED, inA, t.plusSeconds(3)));
        send(file(EventTypes.FILE_UPLOADED, inB, t.plusSeconds(4)));
        send(file(EventTypes.FILE_UPLOADED, trashedInA, t.plusSeconds(5)));
        send(file(EventTypes.FILE_UPLOADED, deleted, t.plusSeconds(6)));
        send(file(EventTypes.FILE_TRASHED, trashedInA, t.plusSeconds(7)));
        send(file(EventTypes.FILE_TRASHED, deleted, t.plusSeconds(8)));
        send(file(EventTypes.FILE_DELETED, deleted, t.plusSeconds(9)));

        Response before = awaitStats(user, 3, 600, 2);
        assertThat(before.<List<String>>path("recent_files.filename"))
                .containsExactly("beach.png", "report.pdf", "notes.bin");
        assertThat(before.<String>path("stats.total_size_human")).isEqualTo("600.0 B");

        // Trashing "Photos" takes "2024" and the two live files below with it; they get no events of their own.
        send(folder(
                EventTypes.FOLDER_TRASHED,
                new FolderPayload(a, user, "Photos", root, "/Photos", 2, 2),
                t.plusSeconds(10)));
        Response trashed = awaitStats(user, 1, 100, 0);
        assertThat(trashed.<List<String>>path("recent_files.filename")).containsExactly("notes.bin");

        // Restoring brings back what the trashing took, but not the file that was trashed on its own before.
        send(folder(
                EventTypes.FOLDER_RESTORED,
                new FolderPayload(a, user, "Photos", root, "/Photos", 2, 2),
                t.plusSeconds(11)));
        Response restored = awaitStats(user, 3, 600, 2);
        assertThat(restored.<Map<String, Object>>path("stats"))
                .containsEntry("total_size", 600)
                .containsEntry("total_size_human", "600.0 B");
        List<Map<String, Object>> byType = restored.path("storage_by_type");
        // By MIME type, largest first; the trashed and deleted files take no room.
        assertThat(byType)
                .extracting(m -> m.get("mime_type"))
                .containsExactly("image/png", "application/pdf", "application/octet-stream");
        assertThat(byType.get(0))
                .containsEntry("count", 1)
                .containsEntry("size", 300)
                .containsEntry("type", "images")
                .containsEntry("name", "Images")
                .containsEntry("size_human", "300.0 B");
        assertThat(byType.get(1))
                .containsEntry("count", 1)
                .containsEntry("size", 200)
                .containsEntry("type", "documents");
        assertThat(byType.get(2))
                .containsEntry("count", 1)
                .containsEntry("size", 100)
                .containsEntry("type", "others");
        Map<String, Object> newest =
                restored.<List<Map<String, Object>>>path("recent_files").get(0);
        assertThat(newest)
                .containsEntry("filename", "beach.png")
                .containsEntry("file_size", 300)
                .containsEntry("folder", b.toString())
                .containsEntry("category", "images")
                .containsEntry("mime_type", "image/png")
                .containsEntry("file_extension", "png")
                .containsEntry("original_filename", "beach.png")
                .containsEntry("file_size_human", "300.0 B")
                .containsKeys("id", "is_starred", "created_at", "updated_at");
        List<Map<String, Object>> activity = restored.path("recent_activity");
        assertThat(activity).hasSize(10);
        assertThat(activity.get(0)).containsEntry("action", "folder.restored");
        assertThat(activity.get(0).get("resource"))
                .isEqualTo(Map.of("type", "folder", "id", a.toString(), "name", "Photos"));
        assertThat(activity.get(0).get("details")).isEqualTo(Map.of("folders", 2, "files", 2));
        assertThat(activity.get(0))
                .containsEntry("action_type", "folder.restored")
                .containsEntry("resource_type", "folder")
                .containsEntry("resource_id", a.toString())
                .containsEntry("resource_name", "Photos")
                .containsEntry("metadata", Map.of("folders", 2, "files", 2))
                .containsEntry("user", user.toString());

        // Deleting a folder for good deletes what is in it, again without events for its files.
        UUID c = UUID.randomUUID();
        FilePayload inC = filePayload(user, UUID.randomUUID(), "gone.png", c, 77, "images");
        send(folder(
                EventTypes.FOLDER_CREATED,
                new FolderPayload(c, user, "Old", root, "/Old", null, null),
                t.plusSeconds(12)));
        send(file(EventTypes.FILE_UPLOADED, inC, t.plusSeconds(13)));
        awaitStats(user, 4, 677, 3);
        send(folder(
                EventTypes.FOLDER_TRASHED, new FolderPayload(c, user, "Old", root, "/Old", 1, 1), t.plusSeconds(14)));
        send(folder(
                EventTypes.FOLDER_DELETED, new FolderPayload(c, user, "Old", root, "/Old", 1, 1), t.plusSeconds(15)));
        awaitStats(user, 3, 600, 2);
        Response analytics = get(user, "/api/cdn/analytics/?page_size=100");
        assertThat(analytics.<List<String>>path("results.filename"))
                .containsExactlyInAnyOrder("notes.bin", "report.pdf", "beach.png", "old.png")
                .doesNotContain("gone.png", "movie.mp4");
    }

    @Test
    void anEventDeliveredTwiceCountsOnce() {
        UUID user = UUID.randomUUID();
        FilePayload f = filePayload(user, UUID.randomUUID(), "twice.png", UUID.randomUUID(), 1234, "images");
        CloudEvent uploaded = file(EventTypes.FILE_UPLOADED, f, now());
        String json = send(uploaded);
        Events.sendRaw(uploaded, json);
        awaitStats(user, 1, 1234, 0);
        // A later event of the same file (same partition, so consumed after both copies) proves they were seen.
        send(file(
                EventTypes.FILE_STARRED,
                new FilePayload(
                        f.fileId(),
                        user,
                        "twice.png",
                        f.folderId(),
                        1234,
                        f.mimeType(),
                        f.category(),
                        f.sha256(),
                        true),
                now()));
        Response r = awaitGet(user, DASHBOARD, res -> Boolean.TRUE.equals(res.path("recent_files[0].is_starred")));
        assertThat(r.<Integer>path("stats.total_files")).isEqualTo(1);
        assertThat(r.<Integer>path("stats.total_size")).isEqualTo(1234);
        assertThat(get(user, "/api/cdn/activity/?action=file.uploaded").<Integer>path("count"))
                .isEqualTo(1);
    }

    @Test
    void olderEventsArrivingLateDoNotOverwriteNewerState() {
        UUID user = UUID.randomUUID();
        UUID folderId = UUID.randomUUID();
        OffsetDateTime t = now().minusMinutes(5);
        // Renamed and grown at t+2, but the upload of t+1 is delivered after it.
        FilePayload uploaded = filePayload(user, UUID.randomUUID(), "draft.txt", folderId, 10, "documents");
        FilePayload updated = new FilePayload(
                uploaded.fileId(),
                user,
                "final.txt",
                folderId,
                900,
                uploaded.mimeType(),
                "documents",
                uploaded.sha256(),
                false);
        send(file(EventTypes.FILE_UPDATED, updated, t.plusSeconds(2)));
        send(file(EventTypes.FILE_UPLOADED, uploaded, t.plusSeconds(1)));
        // Trashed at t+3, with its upload (t+1) arriving afterwards: it stays in the trash.
        FilePayload binned = filePayload(user, UUID.randomUUID(), "binned.txt", folderId, 55, "documents");
        send(file(EventTypes.FILE_TRASHED, binned, t.plusSeconds(3)));
        send(file(EventTypes.FILE_UPLOADED, binned, t.plusSeconds(1)));
        // Deleted is final, even against a later-stamped event.
        FilePayload gone = filePayload(user, UUID.randomUUID(), "gone.txt", folderId, 66, "documents");
        send(file(EventTypes.FILE_UPLOADED, gone, t.plusSeconds(1)));
        send(file(EventTypes.FILE_DELETED, gone, t.plusSeconds(4)));
        send(file(EventTypes.FILE_RESTORED, gone, t.plusSeconds(5)));
        awaitGet(user, "/api/cdn/activity/", res -> res.<Integer>path("count") == 7);

        Response r = get(user, DASHBOARD);
        assertThat(r.<Integer>path("stats.total_files")).isEqualTo(1);
        assertThat(r.<Integer>path("stats.total_size")).isEqualTo(900);
        assertThat(r.<String>path("recent_files[0].filename")).isEqualTo("final.txt");
        // created_at is the upload's time, though the upload came last.
        assertThat(OffsetDateTime.parse(r.path("recent_files[0].created_at")).toInstant())
                .isEqualTo(t.plusSeconds(1).toInstant());
        Response trash = get(user, "/api/cdn/analytics/");
        assertThat(trash.<List<String>>path("results.filename")).containsExactlyInAnyOrder("final.txt", "binned.txt");
        assertThat(trash.<List<Boolean>>path("results.findAll { it.filename == 'binned.txt' }.is_trashed"))
                .containsExactly(true);
    }

    @Test
    void theDashboardAnswersOnlyTheCallerAndOnlyWithAToken() {
        UUID owner = UUID.randomUUID();
        send(file(
                EventTypes.FILE_UPLOADED,
                filePayload(owner, UUID.randomUUID(), "mine.png", UUID.randomUUID(), 42, "images"),
                now()));
        awaitStats(owner, 1, 42, 0);
        Response stranger = get(UUID.randomUUID(), DASHBOARD);
        assertThat(stranger.statusCode()).isEqualTo(200);
        assertThat(stranger.<Map<String, Object>>path("stats"))
                .isEqualTo(Map.of("total_files", 0, "total_folders", 0, "total_size", 0, "total_size_human", "0.0 B"));
        assertThat(stranger.<List<Object>>path("recent_files")).isEmpty();
        assertThat(stranger.<List<Object>>path("recent_activity")).isEmpty();
        assertThat(io.restassured.RestAssured.get(DASHBOARD).statusCode()).isEqualTo(401);
        // The same path without the trailing slash answers too.
        assertThat(get(owner, "/api/cdn/dashboard").<Integer>path("stats.total_files"))
                .isEqualTo(1);
    }

    private static Response awaitStats(UUID user, int files, long size, int folders) {
        return awaitGet(
                user,
                DASHBOARD,
                r -> r.statusCode() == 200
                        && r.<Integer>path("stats.total_files") == files
                        && r.<Number>path("stats.total_size").longValue() == size
                        && r.<Integer>path("stats.total_folders") == folders);
    }
}
