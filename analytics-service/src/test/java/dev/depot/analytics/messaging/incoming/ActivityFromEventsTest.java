package dev.depot.analytics.messaging.incoming;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.analytics.Events;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.ShareAccessPayload;
import dev.depot.events.payload.UserPayload;
import dev.depot.testing.TestKafka;
import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Events from the real broker become activity entries, each exactly once. */
@QuarkusTest
class ActivityFromEventsTest {

    @Test
    void anEventDeliveredTwiceIsRecordedOnce() throws InterruptedException {
        UUID user = UUID.randomUUID();
        CloudEvent event = loggedIn(user);
        String json = EventCodec.write(event.withClient("198.51.100.4", "depot-test"));
        TestKafka.send(Topics.INTERNAL_AUTH, user.toString(), json);
        TestKafka.send(Topics.INTERNAL_AUTH, user.toString(), json);

        Response page = awaitEntries(user, 1);
        page.then()
                .body("results[0].action", equalTo("user.logged_in"))
                .body("results[0].resource.type", equalTo("user"))
                .body("results[0].resource.name", equalTo("ada"))
                .body("results[0].client_ip", equalTo("198.51.100.4"))
                .body("results[0].user_agent", equalTo("depot-test"));
        // A later event proves the duplicate has been consumed (same partition, in order) and skipped.
        TestKafka.send(Topics.INTERNAL_AUTH, user.toString(), EventCodec.write(loggedIn(user)));
        awaitEntries(user, 2);
        Thread.sleep(500);
        assertThat(entries(user).<Integer>path("count")).isEqualTo(2);
    }

    @Test
    void aRecordThatIsNotAnEventDoesNotStopConsumption() {
        UUID user = UUID.randomUUID();
        TestKafka.send(Topics.INTERNAL_AUTH, user.toString(), "{this is not json");
        TestKafka.send(Topics.INTERNAL_AUTH, user.toString(), EventCodec.write(loggedIn(user)));
        awaitEntries(user, 1);
    }

    @Test
    void anEventTheDatabaseRefusesIsSetApartAndTheOthersAreApplied() {
        UUID user = UUID.randomUUID();
        // PostgreSQL text cannot hold NUL: the whole poll is refused, then each event is tried alone.
        FilePayload bad = Events.filePayload(user, UUID.randomUUID(), "nul\u0000.png", UUID.randomUUID(), 1, "images");
        FilePayload good = Events.filePayload(user, UUID.randomUUID(), "fine.png", UUID.randomUUID(), 1, "images");
        String before = EventCodec.write(Events.file(EventTypes.FILE_UPLOADED, good, Events.now()));
        TestKafka.send(Topics.INTERNAL_FILES, user.toString(), before);
        TestKafka.send(
                Topics.INTERNAL_FILES,
                user.toString(),
                EventCodec.write(Events.file(EventTypes.FILE_UPLOADED, bad, Events.now())));
        TestKafka.send(
                Topics.INTERNAL_FILES,
                user.toString(),
                EventCodec.write(Events.file(EventTypes.FILE_STARRED, good, Events.now())));
        Response page = awaitEntries(user, 2);
        assertThat(page.<List<String>>path("results.resource.name")).containsExactly("fine.png", "fine.png");
    }

    @Test
    void usersSeeOnlyTheirOwnActivity() {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        TestKafka.send(Topics.INTERNAL_AUTH, owner.toString(), EventCodec.write(loggedIn(owner)));
        String id = awaitEntries(owner, 1).path("results[0].id");

        given().auth()
                .oauth2(TestTokens.forUser(stranger))
                .get("/api/cdn/activity/")
                .then()
                .statusCode(200)
                .body("count", equalTo(0));
        given().auth()
                .oauth2(TestTokens.forUser(stranger))
                .get("/api/cdn/activity/" + id + "/")
                .then()
                .statusCode(404)
                .body("error", equalTo("ResourceNotFound"));
        given().auth()
                .oauth2(TestTokens.forUser(owner))
                .get("/api/cdn/activity/" + id + "/")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        given().get("/api/cdn/activity/").then().statusCode(401);
    }

    @Test
    void activityFiltersByAction() {
        UUID user = UUID.randomUUID();
        TestKafka.send(Topics.INTERNAL_AUTH, user.toString(), EventCodec.write(loggedIn(user)));
        TestKafka.send(Topics.INTERNAL_AUTH, user.toString(), EventCodec.write(event(user, "user.registered")));
        awaitEntries(user, 2);
        given().auth()
                .oauth2(TestTokens.forUser(user))
                .queryParam("action", "user.registered")
                .get("/api/cdn/activity/")
                .then()
                .statusCode(200)
                .body("count", equalTo(1))
                .body("results[0].action", equalTo("user.registered"));
    }

    @Test
    void activityFiltersByResourceSeveralActionsAndTime() {
        UUID user = UUID.randomUUID();
        OffsetDateTime t = Events.now().minusDays(2);
        FilePayload f = Events.filePayload(user, UUID.randomUUID(), "plan.pdf", UUID.randomUUID(), 10, "documents");
        FilePayload other =
                Events.filePayload(user, UUID.randomUUID(), "other.pdf", UUID.randomUUID(), 10, "documents");
        Events.send(Events.file(EventTypes.FILE_UPLOADED, f, t).withClient("203.0.113.9", "curl/8"));
        Events.send(Events.file(EventTypes.FILE_UPLOADED, other, t.plusSeconds(1)));
        Events.send(Events.file(EventTypes.FILE_DOWNLOADED, f, t.plusDays(1)));
        Events.send(Events.file(EventTypes.FILE_TRASHED, f, t.plusDays(2)));
        UUID share = UUID.randomUUID();
        Events.send(Events.shareAccess(
                new ShareAccessPayload(share, user, "file", f.fileId(), "download", f.fileId(), null),
                t.plusDays(2).plusSeconds(1)));
        awaitEntries(user, 5);

        Response ofFile = given().auth()
                .oauth2(TestTokens.forUser(user))
                .queryParam("resource_type", "file")
                .queryParam("resource_id", f.fileId().toString())
                .get("/api/cdn/activity/");
        assertThat(ofFile.<List<String>>path("results.action"))
                .containsExactly("file.trashed", "file.downloaded", "file.uploaded");
        assertThat(ofFile.<String>path("results[2].client_ip")).isEqualTo("203.0.113.9");
        assertThat(ofFile.<String>path("results[2].user_agent")).isEqualTo("curl/8");
        assertThat(ofFile.<String>path("results[2].resource.name")).isEqualTo("plan.pdf");

        Response several = given().auth()
                .oauth2(TestTokens.forUser(user))
                .queryParam("action", "file.trashed,share.accessed")
                .get("/api/cdn/activity/");
        assertThat(several.<List<String>>path("results.action")).containsExactly("share.accessed", "file.trashed");
        // A link access names the shared file, and says what kind of access it was.
        assertThat(several.<Map<String, Object>>path("results[0].resource"))
                .isEqualTo(Map.of("type", "share", "id", share.toString(), "name", "plan.pdf"));
        assertThat(several.<String>path("results[0].details.kind")).isEqualTo("download");

        Response window = given().auth()
                .oauth2(TestTokens.forUser(user))
                .queryParam("from", t.plusHours(1).toString())
                .queryParam("to", t.plusDays(1).toLocalDate().toString())
                .get("/api/cdn/activity/");
        assertThat(window.<List<String>>path("results.action")).containsExactly("file.downloaded");
        given().auth()
                .oauth2(TestTokens.forUser(user))
                .queryParam("from", "last week")
                .get("/api/cdn/activity/")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"));
    }

    private static CloudEvent loggedIn(UUID user) {
        return event(user, "user.logged_in");
    }

    private static CloudEvent event(UUID user, String type) {
        return CloudEvent.of(
                "depot/test",
                type,
                user.toString(),
                user,
                EventCodec.toData(new UserPayload(user, "ada", "ada@example.com", "password", 5368709120L)));
    }

    private static Response entries(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user)).get("/api/cdn/activity/");
    }

    private static Response awaitEntries(UUID user, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Response last = entries(user);
        while (last.<Integer>path("count") < count && Instant.now().isBefore(deadline)) {
            sleep();
            last = entries(user);
        }
        assertThat(last.<Integer>path("count"))
                .as("activity entries of " + user)
                .isEqualTo(count);
        return last;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
