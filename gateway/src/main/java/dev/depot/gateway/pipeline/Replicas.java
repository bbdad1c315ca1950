package dev.depot.gateway.pipeline;

import dev.depot.gateway.config.GatewayConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * <p>A configured url whose host is a name may stand for every address the name resolves to (with
 * {@code depot.gateway.replicas.resolve-interval}: docker-compose's {@code --scale}, a headless
 * Kubernetes Service): {@link #resolved} then makes one replica of each address, and replicas come and
 * go with the name's addresses.
 *
 * <p>Shared by every event loop: the counts are atomic, the marks and the list volatile.
 */
final class Replicas {

    /** One replica: where it is, where its health is asked, and what the gateway knows of it. */
    static final class Replica {

        private final URI url;
        private final URI healthUrl;
        /** The configured replica this one is an address of (itself, when it is configured). */
        private final Replica origin;

        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger failuresInARow = new AtomicInteger();
        /** Set while a health check is under way: a slow one is not joined by the next. */
        final AtomicBoolean checking = new AtomicBoolean();

        private volatile boolean checkFailed;
        private volatile boolean backingOff;
        private volatile long backoffEnds;

        Replica(URI url, URI healthUrl) {
            this(url, healthUrl, null);
        }

        private Replica(URI url, URI healthUrl, Replica origin) {
            this.url = url;
            this.healthUrl = healthUrl;
            this.origin = origin == null ? this : origin;
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
    /** The replicas as configured: where {@link #resolved} starts from each time. */
    private final List<Replica> configured;

    private volatile List<Replica> replicas;
    private final long backoffNanos;
    private final long maxBackoffNanos;
    private final AtomicInteger turn = new AtomicInteger();

    Replicas(String service, List<Replica> replicas, Duration backoff, Duration maxBackoff) {
        this.service = service;
        this.configured = List.copyOf(replicas);
        this.replicas = configured;
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

    /** The host names among the configured urls (not address literals): what {@link #resolved} expands. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        configured.stream().map(r -> r.url().getHost()).filter(Replicas::isName).forEach(names::add);
        return names;
    }

    /** What {@link #resolved} changed. */
    record Change(List<Replica> added, List<Replica> removed) {}

    /**
     * Makes each configured url whose host is a name in {@code addresses} one replica per address (its
     * health url too, when it names the same host); other urls, and names not in the map (not resolved
     * this time), stay as they are. A replica whose address is still there keeps its marks and counts.
     */
    synchronized Change resolved(Map<String, List<String>> addresses) {
        Map<URI, Replica> before = new LinkedHashMap<>();
        replicas.forEach(r -> before.put(r.url(), r));
        List<Replica> after = new ArrayList<>();
        for (Replica c : configured) {
            String name = c.url().getHost();
            List<String> ips = addresses.get(name);
            if (ips == null || ips.isEmpty()) {
                before.values().stream().filter(r -> r.origin == c).forEach(after::add);
                continue;
            }
            for (String ip : ips) {
                URI url = withHost(c.url(), name, ip);
                Replica kept = before.get(url);
                after.add(
                        kept != null && kept.origin == c
                                ? kept
                                : new Replica(
                                        url, c.healthUrl() == null ? null : withHost(c.healthUrl(), name, ip), c));
            }
        }
        List<Replica> added =
                after.stream().filter(r -> !before.containsValue(r)).toList();
        List<Replica> removed =
                before.values().stream().filter(r -> !after.contains(r)).toList();
        if (!added.isEmpty() || !removed.isEmpty()) {
            replicas = List.copyOf(after);
        }
        return new Change(added, removed);
    }

    /** Whether a URI's host is a name to resolve rather than an IPv4 or IPv6 literal. */
    static boolean isName(String host) {
        return host != null && !host.startsWith("[") && !host.contains(":") && !host.matches("[0-9.]+");
    }

    /** {@code uri} with {@code ip} for its host, when its host is {@code name}. */
    private static URI withHost(URI uri, String name, String ip) {
        if (!name.equals(uri.getHost())) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), uri.getUserInfo(), ip, uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot put " + ip + " in " + uri, e);
        }
    }

    /**
     * The replica for a request's next attempt: of those up and not {@code tried} yet, the one with
     * the fewest requests in flight. Null when there is none.
     */
    Replica pick(Set<Replica> tried) {
        long now = System.nanoTime();
        List<Replica> replicas = this.replicas;
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
        List<Replica> replicas = this.replicas;
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
