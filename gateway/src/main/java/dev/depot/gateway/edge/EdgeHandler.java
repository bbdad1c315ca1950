package dev.depot.gateway.edge;

import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.core.Exchange;
import dev.depot.gateway.core.GatewayErrors;
import dev.depot.gateway.core.TraceContext;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * What happens to every request before anything else, and to every response on its way out: the
 * request id and trace context, CORS (preflights are answered here), security headers, and one
 * JSON access-log line per request with its secrets redacted.
 */
@ApplicationScoped
public class EdgeHandler {

    /** The category of the access log: one JSON object per line. */
    public static final String ACCESS_LOG = "depot.gateway.access";

    private static final Logger ACCESS = Logger.getLogger(ACCESS_LOG);
    /** Before every other route of the API port. */
    private static final int ROUTE_ORDER = -1_000;

    private static final int LOGGED_URI = 2048;
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{8,128}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    /** Response headers a browser script may read, beyond the CORS-safelisted ones. */
    private static final String EXPOSED = String.join(
            ", ",
            "X-Request-Id",
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset",
            "Retry-After",
            "Content-Disposition",
            "Content-Length",
            "Content-Range",
            "Accept-Ranges",
            "ETag",
            "Location",
            "Upload-Offset",
            "Upload-Length",
            "Upload-Expires",
            "Tus-Resumable",
            "Tus-Version",
            "Tus-Max-Size",
            "Tus-Extension");

    /** A DNS name, IPv4 address or bracketed IPv6 address, with an optional port. */
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");
    /** Path segments of unreserved characters, no dot segments: what may prefix the services' links. */
    private static final Pattern PREFIX = Pattern.compile("(?:/(?!\\.{1,2}(?:/|$))[A-Za-z0-9._~-]+)*/?");

    private final GatewayConfig config;
    private final java.net.URI publicUrl;
    private final Set<String> origins;
    private final Redaction redaction;

    public EdgeHandler(GatewayConfig config) {
        this.config = config;
        this.publicUrl = config.publicUrl().orElse(null);
        if (publicUrl != null
                && (publicUrl.getScheme() == null
                        || publicUrl.getRawAuthority() == null
                        || !publicUrl.getScheme().matches("https?")
                        || !HOST.matcher(publicUrl.getRawAuthority()).matches())) {
            throw new IllegalArgumentException(
                    "depot.gateway.public-url must be http(s)://host[:port][/prefix], not " + publicUrl);
        }
        this.origins = config.cors().origins().stream()
                .map(String::trim)
                .filter(o -> !o.isEmpty())
                .collect(Collectors.toSet());
        this.redaction = new Redaction(
                config.accessLog().redactQueryParams(), config.accessLog().redactPaths());
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::handle).failureHandler(this::failed);
    }

    /**
     * A failure below the gateway's own handlers (Vert.x Web, Quarkus), which would otherwise be
     * answered with an empty body or Quarkus' own JSON: the envelope, with the status it failed with.
     */
    void failed(RoutingContext ctx) {
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        if (status >= 500) {
            org.jboss.logging.Logger.getLogger(EdgeHandler.class)
                    .errorf(
                            ctx.failure(),
                            "%s %s failed",
                            ctx.request().method(),
                            redaction.uri(ctx.request().path(), null));
        }
        GatewayErrors.send(ctx.response(), status, GatewayErrors.errorName(status), GatewayErrors.message(status));
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Exchange exchange = new Exchange(
                requestId(request),
                TraceContext.from(request.getHeader("traceparent"), request.getHeader("tracestate")),
                clientAddress(request),
                scheme(request),
                host(request),
                prefix(request));
        exchange.attach(ctx);
        response.putHeader(Exchange.REQUEST_ID, exchange.requestId());

        String origin = request.getHeader(HttpHeaders.ORIGIN);
        boolean allowedOrigin = origin != null && origins.contains(origin);
        boolean preflight = request.method() == HttpMethod.OPTIONS
                && origin != null
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
        MultiMap preflightAnswer = MultiMap.caseInsensitiveMultiMap();
        ctx.addHeadersEndHandler(v -> onHeadersEnd(response, exchange, origin, allowedOrigin, preflightAnswer));
        if (config.accessLog().enabled()) {
            ctx.addEndHandler(ended -> accessLog(ctx, exchange, ended.failed()));
        }
        if (preflight) {
            preflight(request, response, exchange, allowedOrigin, preflightAnswer);
            return;
        }
        ctx.next();
    }

    /** Answered here, never passed on: a service has no say in which origins may call it. */
    private void preflight(
            HttpServerRequest request,
            HttpServerResponse response,
            Exchange exchange,
            boolean allowedOrigin,
            MultiMap answer) {
        exchange.routedTo("gateway", "cors-preflight");
        if (!allowedOrigin) {
            GatewayErrors.send(response, 403, "Forbidden", "this origin may not call the API");
            return;
        }
        String asked = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        List<String> headers = new ArrayList<>();
        if (asked != null) {
            for (String h : asked.split(",")) {
                String name = h.trim();
                if (HEADER_NAME.matcher(name).matches()) {
                    headers.add(name);
                }
            }
        }
        answer.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                .set(
                        HttpHeaders.ACCESS_CONTROL_MAX_AGE,
                        String.valueOf(config.cors().maxAge().toSeconds()));
        if (!headers.isEmpty()) {
            answer.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", headers));
        }
        response.setStatusCode(204).end();
    }

    private void onHeadersEnd(
            HttpServerResponse response,
            Exchange exchange,
            String origin,
            boolean allowedOrigin,
            MultiMap preflightAnswer) {
        MultiMap h = response.headers();
        // CORS is the gateway's alone: whatever a service said about it is dropped.
        List<String> upstreamCors = h.names().stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).startsWith("access-control-"))
                .toList();
        upstreamCors.forEach(h::remove);
        if (origin != null) {
            String vary = h.get(HttpHeaders.VARY);
            if (vary == null) {
                h.set(HttpHeaders.VARY, "Origin");
            } else if (!vary.toLowerCase(Locale.ROOT).contains("origin")) {
                h.set(HttpHeaders.VARY, vary + ", Origin");
            }
        }
        if (allowedOrigin) {
            h.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            h.set(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            if (preflightAnswer.isEmpty()) {
                h.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
            } else {
                h.addAll(preflightAnswer);
            }
        }

        var security = config.securityHeaders();
        h.set("X-Content-Type-Options", "nosniff");
        if (!h.contains("Referrer-Policy")) {
            h.set("Referrer-Policy", security.referrerPolicy());
        }
        if (!h.contains("X-Frame-Options")) {
            h.set("X-Frame-Options", security.frameOptions());
        }
        if (!h.contains("Content-Security-Policy")) {
            h.set("Content-Security-Policy", security.contentSecurityPolicy());
        }
        if (security.forceHsts() || "https".equals(exchange.scheme())) {
            h.set(
                    "Strict-Transport-Security",
                    "max-age=" + security.hstsMaxAge().toSeconds() + "; includeSubDomains");
        }
    }

    private void accessLog(RoutingContext ctx, Exchange exchange, boolean aborted) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        JsonObject line = new JsonObject()
                .put("ts", Instant.now().toString())
                .put("request_id", exchange.requestId())
                .put("trace_id", exchange.trace().traceId())
                .put("method", request.method().name())
                .put("service", exchange.service())
                .put("route", exchange.route())
                .put("path", truncated(redaction.uri(request.path(), request.query())))
                // 499 as nginx logs it: the client left before any answer was sent.
                .put("status", response.headWritten() ? response.getStatusCode() : 499)
                .put("bytes_in", request.bytesRead())
                .put("bytes_out", response.bytesWritten())
                .put("duration_ms", (System.nanoTime() - exchange.startNanos()) / 100_000 / 10.0)
                .put("user_id", exchange.userId())
                .put("client", exchange.clientAddress());
        if (aborted || !response.ended()) {
            line.put("aborted", true);
        }
        ACCESS.info(line.encode());
    }

    /** A path as long as the HTTP server takes (64 KiB) would make one log line of it. */
    private static String truncated(String uri) {
        return uri.length() <= LOGGED_URI ? uri : uri.substring(0, LOGGED_URI) + "...";
    }

    private static String requestId(HttpServerRequest request) {
        String given = request.getHeader(Exchange.REQUEST_ID);
        return given != null && CLIENT_REQUEST_ID.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
    }

    /**
     * The peer of the connection, unless proxies the gateway trusts stand in front: then the address the
     * outermost of them saw, read from the right of X-Forwarded-For (entries further left are the
     * client's own claims).
     */
    private String clientAddress(HttpServerRequest request) {
        String peer = request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
        int trusted = config.trustedProxies();
        if (trusted <= 0) {
            return peer;
        }
        List<String> chain = new ArrayList<>();
        for (String value : request.headers().getAll("X-Forwarded-For")) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    chain.add(entry.trim());
                }
            }
        }
        chain.add(peer);
        return chain.get(Math.max(0, chain.size() - 1 - trusted));
    }

    private String scheme(HttpServerRequest request) {
        if (publicUrl != null) {
            return publicUrl.getScheme();
        }
        if (config.trustedProxies() > 0) {
            String proto = request.getHeader("X-Forwarded-Proto");
            if (proto != null && !proto.isBlank()) {
                return proto.split(",")[0].trim().toLowerCase(Locale.ROOT);
            }
        }
        return request.scheme();
    }

    /**
     * The host the client asked for: the public URL's when one is configured, else what the trusted
     * proxy in front forwarded, else the request's own Host. Anything that is not a host[:port] is
     * dropped, so that no header can put something else into the links services build from it.
     */
    private String host(HttpServerRequest request) {
        if (publicUrl != null) {
            return publicUrl.getRawAuthority();
        }
        if (config.trustedProxies() > 0) {
            String forwarded = first(request.getHeader("X-Forwarded-Host"));
            if (forwarded != null && HOST.matcher(forwarded).matches()) {
                return forwarded;
            }
        }
        String own = request.authority() == null ? null : request.authority().toString();
        return own != null && HOST.matcher(own).matches() ? own : null;
    }

    /** The path Depot is mounted under in front of the gateway: the public URL's, or the trusted proxy's. */
    private String prefix(HttpServerRequest request) {
        String prefix = publicUrl != null
                ? publicUrl.getRawPath()
                : config.trustedProxies() > 0 ? first(request.getHeader("X-Forwarded-Prefix")) : null;
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            return "";
        }
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String value = header.split(",", 2)[0].trim();
        return value.isEmpty() ? null : value;
    }
}
