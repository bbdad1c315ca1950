package dev.depot.analytics.webhook;

import dev.depot.analytics.config.AnalyticsConfig;
import dev.depot.analytics.repository.DeliveryQueue;
import dev.depot.analytics.repository.DeliveryQueue.Claimed;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries, a pass at a time: every {@code poll-interval}, and at once when new events queued
 * some. Failed attempts wait {@code backoff}, doubling each time up to {@code max-backoff}; after
 * {@code max-attempts} a delivery fails for good, and after {@code disable-after} failures in a row the
 * webhook is disabled.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final DeliveryQueue queue;
    private final WebhookSender sender;
    private final AnalyticsConfig.Webhooks config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;
    private long timerId = -1;

    public WebhookDispatcher(DeliveryQueue queue, WebhookSender sender, AnalyticsConfig config, Vertx vertx) {
        this.queue = queue;
        this.sender = sender;
        this.config = config.webhooks();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        long every = Math.max(10, config.pollInterval().toMillis());
        timerId = vertx.setPeriodic(every, every, id -> wake());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Runs a pass now, or right after the one under way. */
    public void wake() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        pass().subscribe()
                .with(
                        claimed -> {
                            running.set(false);
                            if (claimed >= config.concurrency() || again.getAndSet(false)) {
                                vertx.runOnContext(v -> wake());
                            }
                        },
                        failure -> {
                            running.set(false);
                            LOG.warnf("webhook pass failed: %s", failure.toString());
                        });
    }

    private Uni<Integer> pass() {
        // A claim outlives one attempt's timeout, so that no other pass takes it while it is in flight.
        Duration lease = config.timeout().multipliedBy(3).plusSeconds(5);
        return queue.claimDue(config.concurrency(), lease)
                .chain(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().item(0)
                        : Multi.createFrom()
                                .iterable(claimed)
                                .onItem()
                                .transformToUniAndMerge(this::attempt)
                                .collect()
                                .asList()
                                .map(List::size));
    }

    private Uni<Void> attempt(Claimed d) {
        return sender.send(d)
                .chain(outcome -> {
                    if (outcome.succeeded()) {
                        return queue.succeeded(d, outcome.status());
                    }
                    return queue.failed(
                                    d,
                                    outcome.status(),
                                    clip(outcome.error()),
                                    backoff(d.attempt()),
                                    config.maxAttempts(),
                                    config.disableAfter())
                            .invoke(disabled -> {
                                if (disabled) {
                                    LOG.infof(
                                            "webhook %s disabled after %d failed attempts in a row",
                                            d.webhookId(), config.disableAfter());
                                }
                            })
                            .replaceWithVoid();
                })
                .onFailure()
                .invoke(e -> LOG.warnf("recording delivery %s failed: %s", d.id(), e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** The wait after the {@code attempt}-th failed attempt: backoff, 2 x backoff, 4 x ..., at most max-backoff. */
    Duration backoff(int attempt) {
        long factor = 1L << Math.min(20, Math.max(0, attempt - 1));
        Duration wait = config.backoff().multipliedBy(factor);
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private static String clip(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
