package dev.depot.analytics.messaging.incoming;

import dev.depot.analytics.Events;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import dev.depot.events.payload.UserPayload;
import dev.depot.testing.TestDatabase;
import dev.depot.testing.TestEnv;
import dev.depot.testing.TestKeys;
import dev.depot.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * Before the service starts: a migrated database holding stale read-model rows (and an inbox entry for
 * one of the events below, as if it had been applied), and events for one user already on the topics.
 * The service then starts with a new replay id and a consumer group that would otherwise start at the
 * latest offsets: only a replay can bring those events in and the stale rows out.
 */
public class ReplayFixture implements QuarkusTestResourceLifecycleManager {

    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        database = TestDatabase.create("depot_analytics");
        Flyway.configure()
                .dataSource(database.jdbcUrl(), TestEnv.dbUser(), TestEnv.dbPassword())
                .locations("classpath:db/messaging", "classpath:db/migration")
                .load()
                .migrate();
        UUID user = UUID.randomUUID();
        UUID folder = UUID.randomUUID();
        OffsetDateTime t = Events.now().minusMinutes(3);
        FilePayload kept = Events.filePayload(user, UUID.randomUUID(), "kept.png", folder, 100, "images");
        FilePayload deleted = Events.filePayload(user, UUID.randomUUID(), "deleted.png", folder, 200, "images");
        CloudEvent alreadyApplied = Events.file(EventTypes.FILE_UPLOADED, kept, t.plusSeconds(1));
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), TestEnv.dbUser(), TestEnv.dbPassword())) {
            exec(
                    c,
                    "INSERT INTO activity_entry (id, event_id, user_id, action, resource_type, resource_id, occurred_at) "
                            + "VALUES (?, ?, ?, 'stale.entry', 'file', 'x', now())",
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    user);
            exec(
                    c,
                    "INSERT INTO file_stat (file_id, owner_id, filename, file_size, category, meta_at, created_at) "
                            + "VALUES (?, ?, 'ghost.bin', 999, 'others', now(), now())",
                    UUID.randomUUID(),
                    user);
            // Newer than the user's registration: only a truncation lets the replayed event in.
            exec(
                    c,
                    "INSERT INTO user_profile (user_id, username, email, meta_at) VALUES (?, 'stale', 'stale@example.com', now())",
                    user);
            exec(c, "INSERT INTO inbox_event (consumer, event_id) VALUES ('analytics', ?)", alreadyApplied.id());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Events.send(Events.event(
                "depot/auth-service",
                EventTypes.USER_REGISTERED,
                user,
                user,
                new UserPayload(user, "replayed", "replayed@example.com", "password", null),
                t.minusSeconds(1)));
        Events.send(Events.folder(
                EventTypes.FOLDER_CREATED, new FolderPayload(folder, user, "Kept", null, "/Kept", null, null), t));
        Events.send(alreadyApplied);
        Events.send(Events.file(EventTypes.FILE_UPLOADED, deleted, t.plusSeconds(2)));
        Events.send(Events.file(EventTypes.FILE_TRASHED, deleted, t.plusSeconds(3)));
        Events.send(Events.file(EventTypes.FILE_DELETED, deleted, t.plusSeconds(4)));

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", database.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.username", TestEnv.dbUser());
        config.put("quarkus.datasource.password", TestEnv.dbPassword());
        config.put("kafka.bootstrap.servers", TestEnv.kafkaBootstrapServers());
        config.put("mp.jwt.verify.publickey", TestKeys.publicKeyPem());
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        String token = "test-" + UUID.randomUUID();
        config.put("depot.analytics.replay", token);
        config.put("mp.messaging.incoming.domain-events.group.id", "analytics-replay-" + UUID.randomUUID());
        config.put("mp.messaging.incoming.domain-events.auto.offset.reset", "latest");
        config.put("replay-test.user", user.toString());
        return config;
    }

    private static void exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
