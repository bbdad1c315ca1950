package dev.depot.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the outbox relay every {@code depot.outbox.poll-interval} (200 ms by default: the scheduler
 * extension does not go below one second), one pass at a time. The relay itself is only looked up
 * on the first pass, once messaging has wired its channel.
 */
@ApplicationScoped
public class OutboxRelayTimer {

    private final AtomicBoolean running = new AtomicBoolean();
    private final OutboxRelay relay;
    private final Duration interval;
    private long timerId = -1;

    public OutboxRelayTimer(
            OutboxRelay relay,
            @ConfigProperty(name = "depot.outbox.poll-interval", defaultValue = "PT0.2S") Duration interval) {
        this.relay = relay;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        timerId = vertx.setPeriodic(Duration.ofSeconds(1).toMillis(), interval.toMillis(), id -> pass());
    }

    void stop(@Observes ShutdownEvent event, Vertx vertx) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void pass() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        relay.relay().subscribe().with(done -> running.set(false), failure -> running.set(false));
    }
}
