package dev.depot.analytics.rest;

import static dev.depot.analytics.Events.awaitGet;
import static dev.depot.analytics.Events.event;
import static dev.depot.analytics.Events.file;
import static dev.depot.analytics.Events.folder;
import static dev.depot.analytics.Events.get;
import static dev.depot.analytics.Events.now;
import static dev.depot.analytics.Events.send;
import static dev.depot.analytics.Events.sha;
import static dev.depot.analytics.Events.shareAccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import dev.depot.events.payload.ShareAccessPayload;
import dev.depot.events.payload.UserPayload;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and activity in the shape CDN clients read: every field they expect, with its
 * JSON type, beside Depot's own fields.
 */
@QuarkusTest
class CdnClientDashboardShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] ACTIVITY_FIELDS = {
        "id",
        "user",
        "user_detail",
        "action_type",
        "resource_type",
        "resource_id",
        "resource_name",
        "metadata",
        "ip_address",
        "user_agent",
        "created_at",
        // Depot's own
        "action",
        "resource",
        "occurred_at",
        "client_ip",
        "details"
    };

    private final UUID user = UUID.randomUUID();
    private final UUID folderId = UUID.randomUUID();
    private final OffsetDateTime t = now().minusMinutes(30);
    private final List<FilePayload> uploaded = new ArrayList<>();

    @Test
    void theDashboardHasEveryFieldTheClientReadsWithItsType() throws Exception {
        UUID share = sendHistory();
        JsonNode d = json(awaitGet(
                user,
                "/api/cdn/dashboard/",
                r -> r.statusCode() == 200
                        && r.<Integer>path("stats.total_files") == 8
                        && r.<List<Object>>path("recent_activity").size() == 10
                        && "share.accessed".equals(r.path("recent_activity[0].action_type"))
                        && "grace".equals(r.path("recent_activity[0].user_detail.username"))));

        JsonNode stats = d.get("stats");
        assertType(stats, "total_files", JsonNodeType.NUMBER);
        assertType(stats, "total_folders", JsonNodeType.NUMBER);
        assertType(stats, "total_size", JsonNodeType.NUMBER);
        assertType(stats, "total_size_human", JsonNodeType.STRING);
        assertThat(stats.get("total_files").asLong()).isEqualTo(8);
        assertThat(stats.get("total_folders").asLong()).isEqualTo(1);
        assertThat(stats.get("total_size").asLong()).isEqualTo(7060);
        assertThat(stats.get("total_size_human").asText()).isEqualTo("6.9 KB");

        JsonNode activity = d.get("recent_activity");
        assertThat(activity.size()).isEqualTo(10);
        activity.forEach(this::assertActivityEntry);
        JsonNode newest = activity.get(0);
        assertThat(newest.get("action_type").asText()).isEqualTo("share.accessed");
        assertThat(newest.get("resource_type").asText()).isEqualTo("share");
        assertThat(newest.get("resource_id").asText()).isEqualTo(share.toString());
        assertThat(newest.get("resource_name").asText()).isEqualTo("clip.mp4");
        assertThat(newest.get("metadata").get("kind").asText()).isEqualTo("view");
        assertThat(newest.get("metadata")).isEqualTo(newest.get("details"));
        assertThat(newest.get("created_at")).isEqualTo(newest.get("occurred_at"));
        // An event without details still has metadata, an object.
        JsonNode starred = activity.get(1);
        assertThat(starred.get("action_type").asText()).isEqualTo("file.starred");
        assertThat(starred.get("metadata").isObject()).isTrue();
        assertThat(starred.get("metadata").isEmpty()).isTrue();
        assertThat(starred.get("ip_address").asText()).isEqualTo("198.51.100.7");
        assertThat(starred.get("user_agent").asText()).isEqualTo("cdn-web-client");

        JsonNode files = d.get("recent_files");
        assertThat(files.size()).isEqualTo(5);
        for (JsonNode f : files) {
            assertType(f, "id", JsonNodeType.STRING);
            assertType(f, "filename", JsonNodeType.STRING);
            assertType(f, "original_filename", JsonNodeType.STRING);
            assertType(f, "folder", JsonNodeType.STRING);
            assertType(f, "file_size", JsonNodeType.NUMBER);
            assertType(f, "file_size_human", JsonNodeType.STRING);
            assertType(f, "mime_type", JsonNodeType.STRING);
            assertType(f, "file_extension", JsonNodeType.STRING);
            assertType(f, "is_starred", JsonNodeType.BOOLEAN);
            assertType(f, "created_at", JsonNodeType.STRING);
            assertType(f, "updated_at", JsonNodeType.STRING);
            assertType(f, "category", JsonNodeType.STRING);
            UUID.fromString(f.get("id").asText());
            OffsetDateTime.parse(f.get("created_at").asText());
            OffsetDateTime.parse(f.get("updated_at").asText());
        }
        // Newest first: the last five uploads.
        assertThat(files.findValuesAsText("filename"))
                .containsExactly("song.mp3", "notes.txt", "report.pdf", "bundle.ZIP", "clip.mp4");
        JsonNode bundle = files.get(3);
        assertThat(bundle.get("original_filename").asText()).isEqualTo("bundle.ZIP");
        assertThat(bundle.get("folder").asText()).isEqualTo(folderId.toString());
        assertThat(bundle.get("file_size").asLong()).isEqualTo(1000);
        assertThat(bundle.get("file_size_human").asText()).isEqualTo("1000.0 B");
        assertThat(bundle.get("mime_type").asText()).isEqualTo("application/zip");
        assertThat(bundle.get("file_extension").asText()).isEqualTo("zip");
        assertThat(files.get(4).get("is_starred").asBoolean()).isTrue();

        JsonNode byType = d.get("storage_by_type");
        for (JsonNode u : byType) {
            assertType(u, "mime_type", JsonNodeType.STRING);
            assertType(u, "count", JsonNodeType.NUMBER);
            assertType(u, "size", JsonNodeType.NUMBER);
            assertType(u, "type", JsonNodeType.STRING);
            assertType(u, "name", JsonNodeType.STRING);
            assertType(u, "size_human", JsonNodeType.STRING);
        }
        // The five largest of six types, largest first; audio/mpeg (10 B) does not make it.
        assertThat(byType.findValuesAsText("mime_type"))
                .containsExactly("video/mp4", "application/zip", "image/png", "application/pdf", "text/plain");
        assertThat(byType.findValues("size"))
                .extracting(JsonNode::asLong)
                .containsExactly(5000L, 1000L, 600L, 400L, 50L);
        assertThat(byType.findValues("count")).extracting(JsonNode::asLong).containsExactly(1L, 1L, 3L, 1L, 1L);
        assertThat(byType.get(2).get("type").asText()).isEqualTo("images");
        assertThat(byType.get(2).get("name").asText()).isEqualTo("Images");
        assertThat(byType.get(2).get("size_human").asText()).isEqualTo("600.0 B");
    }

    @Test
    void activityEntriesHaveEveryFieldTheClientReadsWithItsType() throws Exception {
        sendHistory();
        JsonNode page = json(awaitGet(
                user,
                "/api/cdn/activity/?page_size=20",
                r -> r.statusCode() == 200
                        && r.<Integer>path("count") == 12
                        && "grace".equals(r.path("results[0].user_detail.username"))));
        assertType(page, "count", JsonNodeType.NUMBER);
        assertThat(page.get("results").size()).isEqualTo(12);
        page.get("results").forEach(this::assertActivityEntry);

        JsonNode registered = page.get("results").get(11);
        assertThat(registered.get("action_type").asText()).isEqualTo("user.registered");
        assertThat(registered.get("resource_type").asText()).isEqualTo("user");
        assertThat(registered.get("resource_id").asText()).isEqualTo(user.toString());
        assertThat(registered.get("resource_name").asText()).isEqualTo("grace");
        JsonNode detail = registered.get("user_detail");
        assertThat(detail.get("id").asText()).isEqualTo(user.toString());
        assertThat(detail.get("username").asText()).isEqualTo("grace");
        assertThat(detail.get("email").asText()).isEqualTo("grace@example.com");
        // Depot's own fields stay.
        assertThat(registered.get("action").asText()).isEqualTo("user.registered");
        assertThat(registered.get("resource").get("type").asText()).isEqualTo("user");
        assertThat(registered.get("client_ip").asText()).isEqualTo("198.51.100.7");

        String id = registered.get("id").asText();
        JsonNode one = json(get(user, "/api/cdn/activity/" + id + "/"));
        assertActivityEntry(one);
        assertThat(one.get("user_detail")).isEqualTo(detail);
    }

    @Test
    void aUserNoUserEventToldOfHasTheirIdAndNullsInUserDetail() throws Exception {
        UUID stranger = UUID.randomUUID();
        FilePayload f =
                new FilePayload(UUID.randomUUID(), stranger, "a.png", null, 1, "image/png", "images", sha("x"), false);
        send(file(EventTypes.FILE_UPLOADED, f, now()));
        JsonNode entry = json(awaitGet(stranger, "/api/cdn/activity/", r -> r.<Integer>path("count") == 1))
                .get("results")
                .get(0);
        JsonNode detail = entry.get("user_detail");
        assertThat(detail.get("id").asText()).isEqualTo(stranger.toString());
        for (String field : new String[] {"username", "email", "full_name", "profile_picture"}) {
            assertType(detail, field, JsonNodeType.NULL);
        }
        // Nor did the event say where it came from.
        assertType(entry, "ip_address", JsonNodeType.NULL);
        assertType(entry, "user_agent", JsonNodeType.NULL);
    }

    /**
     * 12 entries: registration, a folder, eight uploads (six MIME types), a star and a view of a link. Answers
     * the share's id.
     */
    private UUID sendHistory() {
        send(event(
                        "depot/auth-service",
                        EventTypes.USER_REGISTERED,
                        user,
                        user,
                        new UserPayload(user, "grace", "grace@example.com", "password", 1L << 30),
                        t)
                .withClient("198.51.100.7", "cdn-web-client"));
        send(folder(
                        EventTypes.FOLDER_CREATED,
                        new FolderPayload(folderId, user, "Stuff", null, "/Stuff", null, null),
                        t.plusSeconds(1))
                .withClient("198.51.100.7", "cdn-web-client"));
        upload("a.png", "image/png", "images", 100);
        upload("b.png", "image/png", "images", 200);
        upload("c.png", "image/png", "images", 300);
        FilePayload clip = upload("clip.mp4", "video/mp4", "videos", 5000);
        upload("bundle.ZIP", "application/zip", "archives", 1000);
        upload("report.pdf", "application/pdf", "documents", 400);
        upload("notes.txt", "text/plain", "documents", 50);
        upload("song.mp3", "audio/mpeg", "audio", 10);
        send(file(
                        EventTypes.FILE_STARRED,
                        new FilePayload(
                                clip.fileId(),
                                user,
                                clip.filename(),
                                folderId,
                                clip.fileSize(),
                                clip.mimeType(),
                                clip.category(),
                                clip.sha256(),
                                true),
                        t.plusSeconds(20))
                .withClient("198.51.100.7", "cdn-web-client"));
        // The link's entry takes the file's name from the files read model: the files go first (another topic).
        awaitGet(
                user,
                "/api/cdn/dashboard/",
                r -> r.statusCode() == 200
                        && r.<Integer>path("stats.total_files") == 8
                        && Boolean.TRUE.equals(r.path("recent_files[4].is_starred")));
        UUID share = UUID.randomUUID();
        send(shareAccess(
                        new ShareAccessPayload(share, user, "file", clip.fileId(), "view", null, null),
                        t.plusSeconds(21))
                .withClient("198.51.100.7", "cdn-web-client"));
        return share;
    }

    private FilePayload upload(String name, String mime, String category, long size) {
        FilePayload f =
                new FilePayload(UUID.randomUUID(), user, name, folderId, size, mime, category, sha(user + name), false);
        send(file(EventTypes.FILE_UPLOADED, f, t.plusSeconds(2 + uploaded.size()))
                .withClient("198.51.100.7", "cdn-web-client"));
        uploaded.add(f);
        return f;
    }

    private void assertActivityEntry(JsonNode e) {
        assertThat(e.isObject()).isTrue();
        assertThat(e.has("id")).isTrue();
        for (String field : ACTIVITY_FIELDS) {
            assertThat(e.has(field))
                    .as("activity entry has " + field + ": " + e)
                    .isTrue();
        }
        assertType(e, "id", JsonNodeType.STRING);
        assertType(e, "user", JsonNodeType.STRING);
        assertThat(e.get("user").asText())
                .isEqualTo(e.get("user_detail").get("id").asText());
        assertType(e, "user_detail", JsonNodeType.OBJECT);
        assertType(e, "action_type", JsonNodeType.STRING);
        assertType(e, "resource_type", JsonNodeType.STRING);
        assertType(e, "resource_id", JsonNodeType.STRING);
        assertTypeOrNull(e, "resource_name", JsonNodeType.STRING);
        assertType(e, "metadata", JsonNodeType.OBJECT);
        assertTypeOrNull(e, "ip_address", JsonNodeType.STRING);
        assertTypeOrNull(e, "user_agent", JsonNodeType.STRING);
        assertType(e, "created_at", JsonNodeType.STRING);
        UUID.fromString(e.get("id").asText());
        OffsetDateTime.parse(e.get("created_at").asText());
        assertThat(e.get("ip_address")).isEqualTo(e.get("client_ip"));
        assertThat(e.get("action_type")).isEqualTo(e.get("action"));
        JsonNode detail = e.get("user_detail");
        assertType(detail, "id", JsonNodeType.STRING);
        assertTypeOrNull(detail, "username", JsonNodeType.STRING);
        assertTypeOrNull(detail, "email", JsonNodeType.STRING);
        assertType(detail, "full_name", JsonNodeType.NULL);
        assertType(detail, "profile_picture", JsonNodeType.NULL);
        if (e.get("user").asText().equals(user.toString())) {
            assertThat(detail.get("username").asText()).isEqualTo("grace");
            assertThat(detail.get("email").asText()).isEqualTo("grace@example.com");
            assertThat(e.get("ip_address").asText()).isEqualTo("198.51.100.7");
            assertThat(e.get("user_agent").asText()).isEqualTo("cdn-web-client");
            assertThat(e.get("resource_name").isTextual()).isTrue();
        }
    }

    private static void assertType(JsonNode node, String field, JsonNodeType type) {
        assertThat(node.has(field)).as(field + " in " + node).isTrue();
        assertThat(node.get(field).getNodeType()).as(field + " in " + node).isEqualTo(type);
    }

    private static void assertTypeOrNull(JsonNode node, String field, JsonNodeType type) {
        assertThat(node.has(field)).as(field + " in " + node).isTrue();
        assertThat(node.get(field).getNodeType()).as(field + " in " + node).isIn(type, JsonNodeType.NULL);
    }

    private static JsonNode json(Response r) throws Exception {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return JSON.readTree(r.asString());
    }
}
