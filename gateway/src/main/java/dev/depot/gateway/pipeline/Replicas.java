package dev.depot.gateway.pipeline;

import dev.depot.gateway.config.GatewayConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replicas of one service and which of them may take a request. A replica is out while its
 * health check fails (active) or for a back-off after a connection to it failed (passive), which
 * doubles with each failure in a row; a passing check or an answer brings it back.
 *
 * <p>A request goes to the replica with the fewest requests in flight, ties taken in turn: the
 * gateway streams uploads and downloads that last minutes, so plain rotation would keep sending new
 * requests to a replica already busy with long ones; with equal load it is round-robin.
 *
 * <p>Shared by every event loop: the counts are atomic and the marks volatile.
 */
final class Replicas {

    /** One replica: where it is, where its health is asked, and what the gateway knows of it. */
    static final class Replica {

        private final URI url;
        private final URI healthUrl;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger failuresInARow = new AtomicInteger();
        /** Set while a health check is under way: a slow one is not joined by the next. */
        final AtomicBoolean checking = new AtomicBoolean();

        private volatile boolean checkFailed;
        private volatile boolean backingOff;
        private volatile long backoffEnds;

        Replica(URI url, URI healthUrl) {
            this.url = url;
            this.healthUrl = healthUrl;
        }

        URI url() {
            return url;
        }

        /** Null when the replica is watched only passively. */
        URI healthUrl() {
            return healthUrl;
        }

        int inFlight() {
            return inFlight.get();
        }

        void begin() {
            inFlight.incrementAndGet();
        }

        void end() {
            inFlight.decrementAndGet();
        }

        boolean available(long nowNanos) {
            return !checkFailed && (!backingOff || nowNanos - backoffEnds >= 0);
        }

        @Override
        public String toString() {
            return url.getHost() + ":" + url.getPort();
        }
    }

    private final String service;
    private final List<Replica> replicas;
    private final long backoffNanos;
    private final long maxBackoffNanos;
    private final AtomicInteger turn = new AtomicInteger();

    Replicas(String service, List<Replica> replicas, Duration backoff, Duration maxBackoff) {
        this.service = service;
        this.replicas = List.copyOf(replicas);
        this.backoffNanos = Math.max(1, backoff.toNanos());
        this.maxBackoffNanos = Math.max(backoffNanos, maxBackoff.toNanos());
    }

    /** A service's replicas as configured; a health-url list must name one endpoint per replica. */
    static Replicas of(String service, GatewayConfig.Route route, GatewayConfig.Replicas settings) {
        List<URI> urls = route.urls();
        List<URI> health = route.healthUrl().orElse(List.of());
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("route " + service + " lists no url");
        }
        if (!health.isEmpty() && health.size() != urls.size()) {
            throw new IllegalArgumentException("route " + service + " lists " + urls.size() + " urls but "
                    + health.size() + " health-urls: one per replica, in the same order");
        }
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            replicas.add(new Replica(urls.get(i), health.isEmpty() ? null : health.get(i)));
        }
        return new Replicas(service, replicas, settings.backoff(), settings.maxBackoff());
    }

    String service() {
        return service;
    }

    List<Replica> all() {
        return replicas;
    }

    /**
     * The replica for a request's next attempt: of those up and not {@code tried} yet, the one with
     * the fewest requests in flight. Null when there is none.
     */
    Replica pick(Set<Replica> tried) {
        long now = System.nanoTime();
        int n = replicas.size();
        int start = Math.floorMod(turn.getAndIncrement(), n);
        Replica best = null;
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((start + i) % n);
            if (!tried.contains(r) && r.available(now) && (best == null || r.inFlight() < best.inFlight())) {
                best = r;
            }
        }
        return best;
    }

    /**
     * When every replica is out, one is tried anyway, in turn: the marks may be stale (a replica that
     * came back before its back-off ended), and one that is really down fails just as a single service
     * that is down does today (503). With a single replica this is how it always behaved.
     */
    Replica lastResort() {
        return replicas.get(Math.floorMod(turn.getAndIncrement(), replicas.size()));
    }

    /** A connection to the replica failed: it is left out for a back-off that grows with each failure in a row. */
    void connectionFailed(Replica r) {
        int failures = r.failuresInARow.incrementAndGet();
        long backoff = backoffNanos << Math.min(failures - 1, 20);
        r.backoffEnds = System.nanoTime() + Math.min(maxBackoffNanos, backoff > 0 ? backoff : maxBackoffNanos);
        r.backingOff = true;
    }

    /** The replica answered a request: whatever failed before is over. */
    void answered(Replica r) {
        if (r.backingOff || r.failuresInARow.get() != 0) {
            r.failuresInARow.set(0);
            r.backingOff = false;
        }
    }

    /** The outcome of a health check: a pass also ends a back-off, since the replica is evidently back. */
    void checked(Replica r, boolean passed) {
        r.checkFailed = !passed;
        if (passed) {
            answered(r);
        }
    }

    /** Replicas that may take requests now (for the metrics). */
    int available() {
        long now = System.nanoTime();
        return (int) replicas.stream().filter(r -> r.available(now)).count();
    }
}
