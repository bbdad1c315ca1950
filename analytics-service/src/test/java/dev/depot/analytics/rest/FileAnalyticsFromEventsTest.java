package dev.depot.analytics.rest;

import static dev.depot.analytics.Events.awaitGet;
import static dev.depot.analytics.Events.file;
import static dev.depot.analytics.Events.filePayload;
import static dev.depot.analytics.Events.get;
import static dev.depot.analytics.Events.now;
import static dev.depot.analytics.Events.send;
import static dev.depot.analytics.Events.shareAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.analytics.Events;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.ShareAccessPayload;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Per-file analytics from file.downloaded and share.accessed, per day, with the top files. */
@QuarkusTest
class FileAnalyticsFromEventsTest {

    @Test
    void downloadsAndLinkAccessesAreCountedPerFileAndPerDay() {
        UUID user = UUID.randomUUID();
        UUID folder = UUID.randomUUID();
        OffsetDateTime now = now();
        LocalDate today = now.toLocalDate();
        FilePayload popular = filePayload(user, UUID.randomUUID(), "popular.pdf", folder, 2048, "documents");
        FilePayload quiet = filePayload(user, UUID.randomUUID(), "quiet.png", folder, 10, "images");
        send(file(EventTypes.FILE_UPLOADED, popular, now.minusDays(5)));
        send(file(EventTypes.FILE_UPLOADED, quiet, now.minusDays(5)));
        send(file(EventTypes.FILE_DOWNLOADED, popular, now.minusDays(3)));
        CloudEvent twice = file(EventTypes.FILE_DOWNLOADED, popular, now.minusSeconds(30));
        Events.sendRaw(twice, send(twice));
        send(file(EventTypes.FILE_DOWNLOADED, popular, now.minusSeconds(20)));
        UUID fileShare = UUID.randomUUID();
        UUID folderShare = UUID.randomUUID();
        send(shareAccess(
                new ShareAccessPayload(fileShare, user, "file", popular.fileId(), "view", null, null),
                now.minusSeconds(15)));
        send(shareAccess(
                new ShareAccessPayload(fileShare, user, "file", popular.fileId(), "view", null, null),
                now.minusSeconds(14)));
        send(shareAccess(
                new ShareAccessPayload(folderShare, user, "folder", folder, "view", null, null), now.minusSeconds(13)));
        OffsetDateTime lastAccess = now.minusSeconds(12);
        send(shareAccess(
                new ShareAccessPayload(folderShare, user, "folder", folder, "download", popular.fileId(), null),
                lastAccess));
        send(shareAccess(
                new ShareAccessPayload(folderShare, user, "folder", folder, "upload", null, null),
                now.minusSeconds(11)));
        awaitGet(user, "/api/cdn/activity/", r -> r.<Integer>path("count") == 10);

        Response all = get(user, "/api/cdn/analytics/?from=" + today.minusDays(6) + "&to=" + today);
        all.then().statusCode(200);
        assertThat(all.<Integer>path("count")).isEqualTo(2);
        Map<String, Object> first =
                all.<List<Map<String, Object>>>path("results").get(0);
        assertThat(first)
                .containsEntry("file_id", popular.fileId().toString())
                .containsEntry("filename", "popular.pdf")
                .containsEntry("downloads", 3)
                .containsEntry("share_views", 2)
                .containsEntry("share_downloads", 1)
                .containsEntry("total_accesses", 6)
                .containsEntry("is_trashed", false)
                .containsEntry("file_size", 2048);
        assertThat(OffsetDateTime.parse((String) first.get("last_accessed")).toInstant())
                .isEqualTo(lastAccess.toInstant());
        assertThat(all.<Map<String, Object>>path("results[1]"))
                .containsEntry("filename", "quiet.png")
                .containsEntry("downloads", 0)
                .containsEntry("last_accessed", null);
        assertThat(all.<Map<String, Object>>path("totals"))
                .isEqualTo(Map.of("downloads", 3, "share_views", 3, "share_downloads", 1, "share_uploads", 1));
        List<Map<String, Object>> daily = all.path("daily");
        assertThat(daily).hasSize(7);
        assertThat(daily.get(0))
                .containsEntry("date", today.minusDays(6).toString())
                .containsEntry("downloads", 0);
        assertThat(daily.get(3))
                .containsEntry("date", today.minusDays(3).toString())
                .containsEntry("downloads", 1);
        // A minute ago may still have been yesterday (UTC): the last two days hold the rest.
        assertThat((int) daily.get(5).get("downloads") + (int) daily.get(6).get("downloads"))
                .isEqualTo(2);
        assertThat(all.<List<String>>path("top_files.filename")).containsExactly("popular.pdf");
        assertThat(all.<Integer>path("top_files[0].total")).isEqualTo(6);

        Response one =
                get(user, "/api/cdn/analytics/" + popular.fileId() + "/?from=" + today.minusDays(3) + "&to=" + today);
        one.then().statusCode(200);
        assertThat(one.<Integer>path("downloads")).isEqualTo(3);
        assertThat(one.<List<Object>>path("daily")).hasSize(4);
        assertThat(one.<Integer>path("daily[0].downloads")).isEqualTo(1);

        Response byName = get(user, "/api/cdn/analytics/?ordering=filename");
        assertThat(byName.<List<String>>path("results.filename")).containsExactly("popular.pdf", "quiet.png");
        Response paged = get(user, "/api/cdn/analytics/?page_size=1&ordering=-downloads");
        assertThat(paged.<Integer>path("count")).isEqualTo(2);
        assertThat(paged.<String>path("next")).contains("page=2");
        assertThat(paged.<String>path("results[0].filename")).isEqualTo("popular.pdf");
    }

    @Test
    void anotherUsersFileAnswers404AndBadRangesAnswer400() {
        UUID owner = UUID.randomUUID();
        FilePayload f = filePayload(owner, UUID.randomUUID(), "private.png", UUID.randomUUID(), 1, "images");
        send(file(EventTypes.FILE_UPLOADED, f, now()));
        awaitGet(owner, "/api/cdn/analytics/" + f.fileId() + "/", r -> r.statusCode() == 200);

        UUID stranger = UUID.randomUUID();
        get(stranger, "/api/cdn/analytics/" + f.fileId() + "/").then().statusCode(404);
        assertThat(get(stranger, "/api/cdn/analytics/").<Integer>path("count")).isZero();
        get(owner, "/api/cdn/analytics/" + UUID.randomUUID() + "/").then().statusCode(404);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Response reversed = get(owner, "/api/cdn/analytics/?from=" + today + "&to=" + today.minusDays(1));
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(reversed.<String>path("error")).isEqualTo("ValidationError");
        get(owner, "/api/cdn/analytics/?from=" + today.minusYears(2)).then().statusCode(400);
        get(owner, "/api/cdn/analytics/?from=yesterday").then().statusCode(400);
        get(owner, "/api/cdn/analytics/?ordering=size").then().statusCode(400);
        io.restassured.RestAssured.get("/api/cdn/analytics/").then().statusCode(401);
    }
}
