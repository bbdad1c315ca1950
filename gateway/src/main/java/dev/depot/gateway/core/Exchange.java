package dev.depot.gateway.core;

import io.vertx.ext.web.RoutingContext;

/** What the gateway knows about one request as it passes through: set at the edge, filled in by the pipeline. */
public final class Exchange {

    public static final String REQUEST_ID = "X-Request-Id";
    private static final String KEY = "depot.gateway.exchange";

    private final String requestId;
    private final TraceContext trace;
    private final String clientAddress;
    private final String scheme;
    private final String host;
    private final String prefix;
    private final long startNanos = System.nanoTime();
    private volatile String service;
    private volatile String route;
    private volatile String userId;

    public Exchange(
            String requestId, TraceContext trace, String clientAddress, String scheme, String host, String prefix) {
        this.requestId = requestId;
        this.trace = trace;
        this.clientAddress = clientAddress;
        this.scheme = scheme;
        this.host = host;
        this.prefix = prefix;
    }

    /** The exchange the edge began for this request. */
    public static Exchange of(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    public void attach(RoutingContext ctx) {
        ctx.put(KEY, this);
    }

    public String requestId() {
        return requestId;
    }

    public TraceContext trace() {
        return trace;
    }

    /** The client as far as the gateway can tell (see depot.gateway.trusted-proxies). */
    public String clientAddress() {
        return clientAddress;
    }

    /** http or https as the client used it. */
    public String scheme() {
        return scheme;
    }

    /** host[:port] as the client asked for it (or as depot.gateway.public-url says); null if it named none. */
    public String host() {
        return host;
    }

    /** The path prefix Depot is mounted under in front of the gateway ("" when none). */
    public String prefix() {
        return prefix;
    }

    public long startNanos() {
        return startNanos;
    }

    public String service() {
        return service;
    }

    public String route() {
        return route;
    }

    /** Where the request went: the service and the prefix that matched (or what the gateway did itself). */
    public void routedTo(String service, String route) {
        this.service = service;
        this.route = route;
    }

    public String userId() {
        return userId;
    }

    public void userId(String userId) {
        this.userId = userId;
    }
}
