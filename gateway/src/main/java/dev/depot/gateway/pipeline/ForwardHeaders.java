package dev.depot.gateway.pipeline;

import dev.depot.gateway.core.Exchange;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the gateway, each way. Hop-by-hop headers stay on their own connection; what
 * says who the client is, where it came from and which request this is (Authorization, X-Forwarded-*,
 * the request id and trace context) is the gateway's to set, never passed on as a client sent it; and
 * X-RateLimit-* on an answer is only ever the gateway's own.
 */
final class ForwardHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "proxy-connection",
            // "100 Continue" is the gateway's to send (once the request has passed its checks).
            "expect");
    /** Set by the gateway on the way in, never taken from the client as they are. */
    private static final Set<String> GATEWAY_SET =
            Set.of("host", "authorization", "traceparent", "tracestate", "x-request-id");

    private ForwardHeaders() {}

    /**
     * The headers a service gets: the client's end-to-end ones, then the gateway's. {@code authorization}
     * is what the identity stage decided to forward (null: none).
     */
    static void toService(MultiMap client, MultiMap upstream, String authorization, Exchange exchange) {
        copy(client, upstream, GATEWAY_SET);
        if (authorization != null) {
            upstream.set(HttpHeaders.AUTHORIZATION, authorization);
        }
        upstream.set(Exchange.REQUEST_ID, exchange.requestId())
                .set("traceparent", exchange.trace().traceparent())
                .set("X-Forwarded-For", exchange.clientAddress())
                .set("X-Forwarded-Proto", exchange.scheme());
        // Where the client is, for the absolute URLs the service answers with (dev.depot.common.web.PublicAddress).
        if (exchange.host() != null) {
            upstream.set("X-Forwarded-Host", exchange.host());
        }
        if (!exchange.prefix().isEmpty()) {
            upstream.set("X-Forwarded-Prefix", exchange.prefix());
        }
        if (exchange.trace().traceState() != null) {
            upstream.set("tracestate", exchange.trace().traceState());
        }
    }

    /** Copies end-to-end headers; hop-by-hop ones, any named in Connection, and those listed stay behind. */
    static void copy(MultiMap from, MultiMap to, Set<String> except) {
        Set<String> named = new HashSet<>();
        for (String value : from.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        from.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower)
                    && !named.contains(lower)
                    && !except.contains(lower)
                    && !lower.startsWith("x-forwarded-")
                    && !lower.startsWith("x-ratelimit-")) {
                to.add(name, value);
            }
        });
    }
}
