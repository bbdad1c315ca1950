package dev.depot.analytics.service;

import dev.depot.analytics.projection.ReadModelWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * Empties every read model so that they can be rebuilt from the topics (see ReplayOnAssignment). Webhooks
 * and their deliveries are the users' own settings and records, not read models: they stay, and a
 * delivery is never queued twice for one event (nor for events older than max-event-age).
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);

    static final String READ_MODELS =
            "activity_entry, file_stat, folder_node, file_daily, owner_daily, processing_job, user_profile";

    private final Pool pool;
    private final Clock clock;

    public ReplayService(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Starts the replay named {@code token} unless it ran before: truncates the read models and forgets
     * which events were applied, in one transaction. Answers whether it did.
     */
    public Uni<Boolean> begin(String token) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        "INSERT INTO replay_run (token, started_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(token, OffsetDateTime.now(clock)))
                .chain(inserted -> {
                    if (inserted.rowCount() == 0) {
                        LOG.infof("replay %s ran before; the read models stay as they are", token);
                        return Uni.createFrom().item(false);
                    }
                    return conn.query("TRUNCATE " + READ_MODELS)
                            .execute()
                            .chain(() -> conn.preparedQuery(
                                            "DELETE FROM inbox_event WHERE consumer = $1 OR consumer = 'activity'")
                                    .execute(Tuple.of(ReadModelWriter.CONSUMER)))
                            .invoke(() -> LOG.infof("replay %s: read models truncated", token))
                            .replaceWith(true);
                }));
    }
}
