package dev.depot.analytics.service;

import dev.depot.analytics.config.AnalyticsConfig;
import dev.depot.analytics.projection.Changes;
import dev.depot.analytics.projection.EventProjector;
import dev.depot.analytics.projection.ReadModelWriter;
import dev.depot.analytics.webhook.WebhookDispatcher;
import dev.depot.events.CloudEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Applies events to every read model, a batch per transaction, each event once (the inbox). An event
 * the database refuses is set apart so that it cannot hold up the others.
 */
@ApplicationScoped
public class ProjectionService {

    private static final Logger LOG = Logger.getLogger(ProjectionService.class);

    private final Pool pool;
    private final EventProjector projector;
    private final WebhookDispatcher dispatcher;
    private final Clock clock;

    public ProjectionService(Pool pool, AnalyticsConfig config, WebhookDispatcher dispatcher, Clock clock) {
        this.pool = pool;
        this.projector = new EventProjector(config.webhooks().maxEventAge());
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** An event read from a topic with the changes it makes. */
    public record Projected(UUID eventId, Changes changes) {}

    /** @throws IllegalArgumentException when the event is not one this service can apply */
    public Projected project(CloudEvent event) {
        return new Projected(event.id(), projector.project(event, OffsetDateTime.now(clock)));
    }

    /**
     * Applies the events in order in one transaction. When the database refuses the batch for what is
     * in it, each event is tried alone and the ones it still refuses are handed to {@code reject}.
     */
    public Uni<Void> apply(List<Projected> events, Function<Projected, Uni<Void>> reject) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return applyTogether(events)
                .onFailure(ProjectionService::refusedForItsData)
                .recoverWithUni(e -> {
                    LOG.warnf(
                            "a batch of %d events was refused (%s); applying them one by one",
                            events.size(), e.getMessage());
                    return Multi.createFrom()
                            .iterable(events)
                            .onItem()
                            .transformToUniAndConcatenate(one -> applyTogether(List.of(one))
                                    .onFailure(ProjectionService::refusedForItsData)
                                    .recoverWithUni(refusal -> reject.apply(one).replaceWith(0)))
                            .collect()
                            .with(java.util.stream.Collectors.summingInt(Integer::intValue));
                })
                .invoke(queued -> {
                    if (queued > 0) {
                        dispatcher.wake();
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Integer> applyTogether(List<Projected> events) {
        List<UUID> ids = events.stream().map(Projected::eventId).toList();
        return pool.withTransaction(
                conn -> ReadModelWriter.firstDeliveries(conn, ids).chain(fresh -> {
                    Changes merged = new Changes();
                    for (Projected p : events) {
                        // remove: the same event twice in one batch is applied once
                        if (fresh.remove(p.eventId())) {
                            merged.addAll(p.changes());
                        }
                    }
                    return ReadModelWriter.write(conn, merged);
                }));
    }

    /** Data exceptions (class 22) and integrity violations (23): trying again will not help. */
    static boolean refusedForItsData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg
                    && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
