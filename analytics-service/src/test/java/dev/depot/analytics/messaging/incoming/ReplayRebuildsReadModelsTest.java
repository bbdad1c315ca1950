package dev.depot.analytics.messaging.incoming;

import static dev.depot.analytics.Events.awaitGet;
import static dev.depot.analytics.Events.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.analytics.service.ReplayService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** depot.analytics.replay: the read models are truncated and rebuilt from the earliest offsets, once per replay id. */
@QuarkusTest
@TestProfile(ReplayRebuildsReadModelsTest.Replaying.class)
class ReplayRebuildsReadModelsTest {

    public static class Replaying implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ReplayFixture.class));
        }
    }

    @ConfigProperty(name = "replay-test.user")
    String user;

    @ConfigProperty(name = "depot.analytics.replay")
    String token;

    @Inject
    ReplayService replay;

    @Test
    void aReplayRebuildsEveryReadModelFromTheTopicsAndDropsWhatTheyDoNotSay() {
        UUID owner = UUID.fromString(user);
        // Everything on the broker is read again, earlier test runs' events included: give it time.
        Response activity =
                awaitGet(owner, "/api/cdn/activity/", r -> r.<Integer>path("count") == 6, Duration.ofMinutes(3));
        assertThat(activity.<List<String>>path("results.action"))
                .containsExactly(
                        "file.deleted",
                        "file.trashed",
                        "file.uploaded",
                        "file.uploaded",
                        "folder.created",
                        "user.registered");
        assertThat(activity.<String>path("results[0].user_detail.username")).isEqualTo("replayed");
        Response dashboard = get(owner, "/api/cdn/dashboard/");
        assertThat(dashboard.<Map<String, Object>>path("stats"))
                .isEqualTo(
                        Map.of("total_files", 1, "total_folders", 1, "total_size", 100, "total_size_human", "100.0 B"));
        assertThat(dashboard.<List<String>>path("recent_files.filename")).containsExactly("kept.png");

        // The same replay id does not replay again (a restart keeps what was rebuilt).
        assertThat(replay.begin(token).await().indefinitely()).isFalse();
        assertThat(get(owner, "/api/cdn/activity/").<Integer>path("count")).isEqualTo(6);
    }
}
