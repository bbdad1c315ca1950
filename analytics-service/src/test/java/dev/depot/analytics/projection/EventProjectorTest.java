package dev.depot.analytics.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.depot.analytics.projection.Changes.Kind;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.ShareAccessPayload;
import dev.depot.events.payload.UserPayload;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which read models an event touches; the SQL that applies them is tested against the real database elsewhere. */
class EventProjectorTest {

    private final EventProjector projector = new EventProjector(Duration.ofHours(1));
    private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

    @Test
    void aDownloadCountsForTheFileItsDayAndItsOwnerAndIsActivity() {
        UUID user = UUID.randomUUID();
        FilePayload f = new FilePayload(UUID.randomUUID(), user, "a.png", null, 1, "image/png", "images", "ab", false);
        Changes c = projector.project(
                CloudEvent.of("t", "file.downloaded", f.fileId().toString(), user, EventCodec.toData(f)), now);
        assertThat(c.of(Kind.FILE)).hasSize(1);
        assertThat(c.of(Kind.FILE_COUNTERS)).hasSize(1);
        assertThat(c.of(Kind.FILE_DAILY)).hasSize(1);
        assertThat(c.of(Kind.OWNER_DAILY)).hasSize(1);
        assertThat(c.of(Kind.ACTIVITY)).hasSize(1);
        assertThat(c.of(Kind.DELIVERY)).hasSize(1);
        assertThat(c.of(Kind.JOB)).isEmpty();
    }

    @Test
    void aViewOfAFolderLinkCountsForTheOwnerOnly() {
        UUID user = UUID.randomUUID();
        ShareAccessPayload a =
                new ShareAccessPayload(UUID.randomUUID(), user, "folder", UUID.randomUUID(), "view", null, null);
        Changes c = projector.project(
                CloudEvent.of("t", "share.accessed", a.shareId().toString(), user, EventCodec.toData(a)), now);
        assertThat(c.of(Kind.FILE_COUNTERS)).isEmpty();
        assertThat(c.of(Kind.OWNER_DAILY)).hasSize(1);
    }

    @Test
    void aFileTakenAlongByItsFolderIsDeletedWithoutAnEntryOfItsOwn() {
        UUID user = UUID.randomUUID();
        FilePayload f = new FilePayload(
                UUID.randomUUID(),
                user,
                "a.png",
                UUID.randomUUID(),
                1,
                "image/png",
                "images",
                "ab",
                false,
                null,
                UUID.randomUUID());
        Changes c = projector.project(
                CloudEvent.of("t", "file.deleted", f.fileId().toString(), user, EventCodec.toData(f)), now);
        assertThat(c.of(Kind.FILE)).hasSize(1);
        assertThat(c.of(Kind.FILE).get(0).getString(10)).isEqualTo("deleted");
        assertThat(c.of(Kind.ACTIVITY)).isEmpty();
        assertThat(c.of(Kind.DELIVERY)).hasSize(1);
    }

    @Test
    void aWebhookGetsTheEventAsThePublicTopicsCarryIt() {
        UUID user = UUID.randomUUID();
        CloudEvent internal = CloudEvent.of(
                        "t",
                        "user.registered",
                        user.toString(),
                        user,
                        EventCodec.toData(new UserPayload(user, "ada", "ada@example.com", "password", null)))
                .withClient("203.0.113.9", "curl/8");
        Changes c = projector.project(internal, now);
        assertThat(c.of(Kind.ACTIVITY).get(0).getString(10)).isEqualTo("203.0.113.9");
        CloudEvent delivered = EventCodec.read(c.of(Kind.DELIVERY).get(0).getString(2));
        assertThat(delivered.id()).isEqualTo(internal.id());
        assertThat(delivered.clientip()).isNull();
        assertThat(delivered.useragent()).isNull();
        assertThat(delivered.data().has("email")).isFalse();
        assertThat(delivered.data().get("username").asText()).isEqualTo("ada");
    }

    @Test
    void oldEventsAreNotSentToWebhooks() {
        UUID user = UUID.randomUUID();
        CloudEvent old =
                CloudEvent.of("t", "user.logged_in", user.toString(), user, JsonNodeFactory.instance.objectNode());
        CloudEvent replayed = new CloudEvent(
                old.specversion(),
                old.id(),
                old.source(),
                old.type(),
                old.subject(),
                now.minusHours(2),
                old.datacontenttype(),
                old.userid(),
                null,
                null,
                old.data());
        assertThat(projector.project(replayed, now).of(Kind.DELIVERY)).isEmpty();
        assertThat(projector.project(replayed, now).of(Kind.ACTIVITY)).hasSize(1);
    }

    @Test
    void anEventWhoseDataDoesNotFitItsTypeIsRefused() {
        UUID user = UUID.randomUUID();
        CloudEvent bad = CloudEvent.of(
                "t",
                "file.uploaded",
                "x",
                user,
                JsonNodeFactory.instance.objectNode().put("file_size", "lots"));
        assertThatThrownBy(() -> projector.project(bad, now)).isInstanceOf(IllegalArgumentException.class);
        CloudEvent noUser = new CloudEvent(
                "1.0", UUID.randomUUID(), "t", "user.logged_in", "x", now, null, "not-a-uuid", null, null, null);
        assertThatThrownBy(() -> projector.project(noUser, now)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUserEventDescribesTheUserAndOneWhoseDataDoesNotFitIsStillActivity() {
        UUID user = UUID.randomUUID();
        Changes c = projector.project(
                CloudEvent.of(
                        "t",
                        "user.registered",
                        user.toString(),
                        user,
                        EventCodec.toData(new UserPayload(user, "ada", "ada@example.com", "password", null))),
                now);
        assertThat(c.of(Kind.USER)).hasSize(1);
        assertThat(c.of(Kind.USER).get(0).getString(1)).isEqualTo("ada");
        assertThat(c.of(Kind.ACTIVITY)).hasSize(1);
        CloudEvent odd = CloudEvent.of(
                "t",
                "user.logged_in",
                user.toString(),
                user,
                JsonNodeFactory.instance.objectNode().put("user_id", "not-a-uuid"));
        Changes c2 = projector.project(odd, now);
        assertThat(c2.of(Kind.USER)).isEmpty();
        assertThat(c2.of(Kind.ACTIVITY)).hasSize(1);
    }

    @Test
    void processingEventsAreAboutTheirFile() {
        assertThat(EventProjector.resourceType("processing.completed")).isEqualTo("file");
        assertThat(EventProjector.resourceType("share.accessed")).isEqualTo("share");
        assertThat(EventProjector.resourceType("storage.limit_reached")).isEqualTo("storage");
        UUID file = UUID.randomUUID();
        assertThat(EventProjector.jobId(file, "aa"))
                .isEqualTo(EventProjector.jobId(file, "aa"))
                .isNotEqualTo(EventProjector.jobId(file, "bb"));
    }
}
