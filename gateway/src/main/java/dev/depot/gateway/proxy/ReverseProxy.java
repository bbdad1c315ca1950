package dev.depot.gateway.proxy;

import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.config.GatewayConfig.RateKey;
import dev.depot.gateway.docs.ApiDocs;
import dev.depot.gateway.edge.Exchange;
import dev.depot.gateway.identity.RevokedLogins;
import dev.depot.gateway.identity.TokenVerifier;
import dev.depot.gateway.identity.TokenVerifier.Caller;
import dev.depot.gateway.proxy.RouteTable.Target;
import dev.depot.gateway.proxy.RoutePolicies.Policy;
import dev.depot.gateway.ratelimit.RateLimits;
import dev.depot.gateway.ratelimit.RateLimits.Decision;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Streams each request to the service that owns its path and the answer back, with back-pressure
 * both ways: neither body is ever held whole in memory. Before a byte of the body is read, the
 * request has passed its policy's limits (headers, declared body size, the caller's rate limit) and
 * found a service with room for it; only then is "100 Continue" sent to a client that waits for it.
 */
@ApplicationScoped
public class ReverseProxy {

    private static final Logger LOG = Logger.getLogger(ReverseProxy.class);
    /** Runs after the gateway's own edge handling; /q/health and /q/metrics are on the management port. */
    private static final int ROUTE_ORDER = 10_000;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection",
            // "100 Continue" is the gateway's to send (once the request has passed its checks).
            "expect");
    /** Set by the gateway on the way in, never taken from the client as they are. */
    private static final Set<String> GATEWAY_SET = Set.of("host", "authorization", "traceparent", "tracestate",
            "x-request-id");
    static final String REQUEST_ID = Exchange.REQUEST_ID;
    private static final String ACCESS_COOKIE = "access_token";

    private final RouteTable routes;
    private final RoutePolicies policies;
    private final GatewayConfig config;
    private final ApiTokenExchange apiTokens;
    private final TokenVerifier tokens;
    private final RateLimits limits;
    private final ApiDocs docs;
    private final InFlight inFlight;
    private HttpClient client;
    private Vertx vertx;

    public ReverseProxy(RouteTable routes, RoutePolicies policies, GatewayConfig config, ApiTokenExchange apiTokens,
            TokenVerifier tokens, RateLimits limits, ApiDocs docs) {
        this.routes = routes;
        this.policies = policies;
        this.apiTokens = apiTokens;
        this.config = config;
        this.tokens = tokens;
        this.limits = limits;
        this.docs = docs;
        this.inFlight = new InFlight(config.maxInFlightPerService());
    }

    void init(@Observes StartupEvent start, Vertx vertx) {
        this.vertx = vertx;
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerService())
                        // In-flight requests are capped per service; the pool never queues more than that.
                        .setMaxWaitQueueSize(Math.max(1, config.maxInFlightPerService())));
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::handle);
    }

    /** What identity and rate limiting decided about a request. */
    private record Admission(String authorization, Decision decision, int refusal) {
        static Admission refused(int status, Decision decision) {
            return new Admission(null, decision, status);
        }
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Exchange exchange = Exchange.of(ctx);
        request.pause();

        String path = request.path();
        if (request.uri().length() > config.maxUriLength()) {
            // Longer ones than the HTTP server takes at all are refused before any handler (see application.properties).
            GatewayErrors.refuse(request, response, 414, "UriTooLong", "the request's path and query are too long",
                    new JsonObject().put("max_uri_length", config.maxUriLength()));
            return;
        }
        if (path == null || hasDotSegments(path)) {
            GatewayErrors.refuse(request, response, 400, "ValidationError",
                    "the path may not contain '.' or '..' segments", null);
            return;
        }
        routes.match(path).ifPresent(t -> exchange.routedTo(t.service(), t.prefix()));
        long headerBytes = headerBytes(request);
        if (headerBytes > config.maxHeaderSize().asLongValue()) {
            GatewayErrors.refuse(request, response, 431, "RequestHeaderFieldsTooLarge",
                    "the request's headers are too large", new JsonObject()
                            .put("max_header_size", config.maxHeaderSize().asLongValue()));
            return;
        }
        Policy policy = policies.match(request.method(), path);
        long declared = declaredLength(request);
        if (declared > policy.maxBodySize()) {
            tooLarge(request, response, policy);
            return;
        }

        admit(request, exchange, policy).onComplete(admitted -> {
            if (admitted.failed() && admitted.cause() instanceof RevokedLogins.LoginEnded) {
                challengeDav(request, response);
                GatewayErrors.refuse(request, response, 401, "Unauthorized",
                        "this session has ended (signed out, or the password changed): sign in again", null);
                return;
            }
            if (admitted.failed()) {
                LOG.errorf(admitted.cause(), "admitting %s failed", request.method());
                GatewayErrors.refuse(request, response, 500, "InternalError", "something went wrong on our side", null);
                return;
            }
            Admission a = admitted.result();
            rateHeaders(response.headers(), a.decision());
            if (a.decision() != null && !a.decision().allowed()) {
                long retry = a.decision().retryAfterSeconds();
                response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retry));
                GatewayErrors.refuse(request, response, 429, "TooManyRequests",
                        "too many requests: try again in " + retry + " s", new JsonObject()
                                .put("limit", a.decision().limit()).put("window_seconds", policy.window().toSeconds())
                                .put("retry_after", retry).put("policy", policy.name()));
            } else if (a.refusal() == 401) {
                challengeDav(request, response);
                GatewayErrors.refuse(request, response, 401, "Unauthorized", ApiTokenExchange.isBasic(
                        request.getHeader(HttpHeaders.AUTHORIZATION)) && ApiTokenExchange.apiTokenOf(
                                request.getHeader(HttpHeaders.AUTHORIZATION)) == null
                                        ? "sign in with a personal API token (dpt_...) as the password"
                                        : "the API token is not valid", null);
            } else if (a.refusal() == 503) {
                unavailable(request, response, "API tokens cannot be checked right now");
            } else {
                dispatch(ctx, exchange, policy, a);
            }
        });
    }

    /**
     * Who is calling, for the rate limit: the user named by a verified access token (or the user a
     * personal API token stands for), else the client's address. The limit is counted here too.
     */
    private Future<Admission> admit(HttpServerRequest request, Exchange exchange, Policy policy) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String address = "a:" + exchange.clientAddress();
        String apiToken = ApiTokenExchange.apiTokenOf(authorization);
        if (apiToken == null && ApiTokenExchange.isBasic(authorization)) {
            // Basic with anything but an API token: an account password is never taken here.
            return limits.check(policy, address).map(d -> d != null && !d.allowed() ? Admission.refused(429, d)
                    : Admission.refused(401, d));
        }
        if (apiToken == null) {
            String token = bearer(authorization);
            if (token == null) {
                Cookie cookie = request.getCookie(ACCESS_COOKIE);
                token = cookie == null ? null : cookie.getValue();
            }
            return identified(exchange, policy, token, address, request.path())
                    .map(decision -> new Admission(authorization, decision, 0));
        }
        String known = apiTokens.cached(apiToken);
        if (known != null) {
            return identified(exchange, policy, known, address, request.path())
                    .map(decision -> new Admission("Bearer " + known, decision, 0));
        }
        // Not exchanged yet: the address pays for asking auth-service, so guessing tokens is limited too.
        return limits.check(policy, address).compose(first -> {
            if (first != null && !first.allowed()) {
                return Future.succeededFuture(Admission.refused(429, first));
            }
            return apiTokens.accessTokenFor(apiToken).transform(exchanged -> {
                if (exchanged.failed()) {
                    LOG.warnf("API token exchange failed: %s", exchanged.cause().toString());
                    return Future.succeededFuture(Admission.refused(503, first));
                }
                if (exchanged.result() == null) {
                    return Future.succeededFuture(Admission.refused(401, first));
                }
                String access = exchanged.result();
                return identified(exchange, policy, access, address, request.path())
                        .map(decision -> new Admission("Bearer " + access, decision, 0));
            });
        });
    }

    /** Fails with LoginEnded for a token of an ended login, except where one signs in or out again. */
    private Future<Decision> identified(Exchange exchange, Policy policy, String token, String address, String path) {
        Future<Caller> caller = token == null ? Future.succeededFuture(Caller.ANONYMOUS) : tokens.caller(token);
        return caller.compose(c -> {
            if (c.revoked() && !RevokedLogins.signsInOrOut(path)) {
                return Future.failedFuture(new RevokedLogins.LoginEnded());
            }
            String user = c.subject();
            exchange.userId(user);
            String key = user != null && policy.rateKey() == RateKey.USER ? "u:" + user : address;
            return limits.check(policy, key);
        });
    }

    private void dispatch(RoutingContext ctx, Exchange exchange, Policy policy, Admission admission) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String path = request.path();
        boolean read = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        if (RouteTable.isInternal(path)) {
            GatewayErrors.refuse(request, response, 404, "ResourceNotFound", "no such resource", null);
            return;
        }
        if (read && ApiDocs.owns(path)) {
            exchange.routedTo("gateway", ApiDocs.route(path));
            request.resume();
            if (!docs.serve(request, response)) {
                GatewayErrors.send(response, 404, "ResourceNotFound", "no such resource");
            }
            return;
        }
        String documented = read ? ApiDocs.openApiService(path) : null;
        if (documented != null) {
            Target service = routes.service(documented).orElse(null);
            if (service == null) {
                exchange.routedTo("gateway", ApiDocs.OPENAPI);
                GatewayErrors.refuse(request, response, 404, "ResourceNotFound", "no service " + documented, null);
                return;
            }
            exchange.routedTo(service.service(), ApiDocs.OPENAPI);
            forward(ctx, service, policy, admission, "/q/openapi?format=json");
            return;
        }
        Target target = routes.match(path).orElse(null);
        if (target == null) {
            GatewayErrors.refuse(request, response, 404, "ResourceNotFound", "no such resource", null);
            return;
        }
        exchange.routedTo(target.service(), target.prefix());
        forward(ctx, target, policy, admission, request.uri());
    }

    private void forward(RoutingContext ctx, Target target, Policy policy, Admission admission, String uri) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Exchange exchange = Exchange.of(ctx);
        if (!inFlight.tryAcquire(target.service())) {
            unavailable(request, response, target.service() + " is busy: try again shortly");
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        ctx.addEndHandler(v -> {
            if (released.compareAndSet(false, true)) {
                inFlight.release(target.service());
            }
        });

        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(target.url().getHost())
                .setPort(target.url().getPort())
                .setURI(uri)
                // How long to wait for a pooled connection: a pool that stays full is an overload (503).
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setHeaders(MultiMap.caseInsensitiveMultiMap());
        copyHeaders(request.headers(), options.getHeaders(), GATEWAY_SET);
        if (admission.authorization() != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, admission.authorization());
        }
        options.putHeader(REQUEST_ID, exchange.requestId())
                .putHeader("traceparent", exchange.trace().traceparent())
                .putHeader("X-Forwarded-For", exchange.clientAddress())
                .putHeader("X-Forwarded-Proto", exchange.scheme());
        // Where the client is, for the absolute URLs the service answers with (dev.depot.common.web.PublicAddress).
        if (exchange.host() != null) {
            options.putHeader("X-Forwarded-Host", exchange.host());
        }
        if (!exchange.prefix().isEmpty()) {
            options.putHeader("X-Forwarded-Prefix", exchange.prefix());
        }
        if (exchange.trace().traceState() != null) {
            options.putHeader("tracestate", exchange.trace().traceState());
        }
        if (uri.startsWith("/q/openapi")) {
            options.setMethod(HttpMethod.GET).putHeader(HttpHeaders.ACCEPT, "application/json");
        }
        boolean hasBody = GatewayErrors.hasUnreadBody(request);
        if (hasBody && request.version() != HttpVersion.HTTP_1_0
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            response.writeContinue();
        }

        openRetryingStale(() -> client.request(options)).onComplete(opened -> {
            if (opened.failed()) {
                notOpened(request, response, target, opened.cause());
                return;
            }
            HttpClientRequest upstream = opened.result();
            // Resets (the client left, a timeout, a body over the limit) are answered where they happen.
            upstream.exceptionHandler(e -> LOG.debugf("to %s: %s", target.service(), e.toString()));
            // Each cut answers the client first: resetting the upstream fails its exchange at once.
            IdleWatch idle = new IdleWatch(vertx, policy.idleTimeout().toMillis(), () -> {
                GatewayErrors.send(response, 504, "GatewayTimeout", target.service() + " did not answer in time");
                upstream.reset(0, new TimeoutException("no bytes moved for " + policy.idleTimeout()));
            });
            long deadline = policy.requestTimeout().isZero() || policy.requestTimeout().isNegative() ? -1
                    : vertx.setTimer(policy.requestTimeout().toMillis(), id -> {
                        idle.stop();
                        GatewayErrors.send(response, 504, "GatewayTimeout",
                                target.service() + " did not answer in time");
                        upstream.reset(0, new TimeoutException("not done within " + policy.requestTimeout()));
                    });
            ctx.addEndHandler(ended -> {
                idle.stop();
                if (deadline >= 0) {
                    vertx.cancelTimer(deadline);
                }
                if (ended.failed()) {
                    upstream.reset();
                }
            });
            if (hasBody && !request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                upstream.setChunked(true);
            }
            Future<HttpClientResponse> sent;
            if (hasBody) {
                sent = upstream.send(idle.watch(request, policy.maxBodySize(), () -> {
                    tooLarge(request, response, policy);
                    upstream.reset(0, new IllegalStateException("request body over " + policy.maxBodySize()));
                }));
            } else {
                request.resume();
                sent = upstream.send();
            }
            sent.onSuccess(answer -> relay(answer, request, response, idle, admission.decision()))
                    .onFailure(e -> {
                        idle.stop();
                        failed(response, target, e);
                    });
        });
    }

    /**
     * Opens an upstream request, once more if the pooled connection it was given turned out closed: a
     * service may close an idle keep-alive connection just as the pool hands it out. Nothing was sent
     * on it yet (headers go out only with the body), so asking again cannot repeat anything.
     */
    static <T> Future<T> openRetryingStale(Supplier<Future<T>> open) {
        return open.get().recover(e -> e instanceof HttpClosedException ? open.get() : Future.failedFuture(e));
    }

    private void relay(HttpClientResponse answer, HttpServerRequest request, HttpServerResponse response,
            IdleWatch idle, Decision decision) {
        if (response.ended() || response.closed()) {
            answer.request().reset();
            return;
        }
        idle.touch();
        if (answer.statusCode() >= 400 && request.method() != HttpMethod.HEAD
                && "0".equals(answer.getHeader(HttpHeaders.CONTENT_LENGTH))) {
            // An error a service answered without a body (a limit met below its error mappers): the envelope still.
            copyHeaders(answer.headers(), response.headers(), Set.of("content-length", "content-type"));
            rateHeaders(response.headers(), decision);
            GatewayErrors.send(response, answer.statusCode(), GatewayErrors.errorName(answer.statusCode()),
                    GatewayErrors.message(answer.statusCode()));
            return;
        }
        response.setStatusCode(answer.statusCode());
        response.setStatusMessage(answer.statusMessage());
        copyHeaders(answer.headers(), response.headers(), Set.of());
        rateHeaders(response.headers(), decision);
        boolean bodyless = request.method() == HttpMethod.HEAD || answer.statusCode() == 204
                || answer.statusCode() == 304;
        if (!bodyless && !answer.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        // A service that fails halfway must not look like a complete answer: the client's stream is cut.
        idle.watch(answer).pipe().endOnFailure(false).to(response).onFailure(e -> {
            LOG.debugf("response cut: %s", e.getMessage());
            if (!response.ended()) {
                response.reset();
            }
        });
    }

    private void tooLarge(HttpServerRequest request, HttpServerResponse response, Policy policy) {
        GatewayErrors.refuse(request, response, 413, "PayloadTooLarge",
                "the request body is larger than " + policy.maxBodySize() + " bytes",
                new JsonObject().put("max_body_size", policy.maxBodySize()).put("policy", policy.name()));
    }

    private void unavailable(HttpServerRequest request, HttpServerResponse response, String message) {
        response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, config.retryAfter().toSeconds())));
        GatewayErrors.refuse(request, response, 503, "ServiceUnavailable", message, null);
    }

    /** No connection to the service: it is down, or every connection stayed busy (both 503, try later). */
    private void notOpened(HttpServerRequest request, HttpServerResponse response, Target target, Throwable cause) {
        if (cause instanceof ConnectException || rootCause(cause) instanceof ConnectException) {
            unavailable(request, response, target.service() + " is not available");
        } else if (cause instanceof TimeoutException || cause instanceof ConnectionPoolTooBusyException) {
            unavailable(request, response, target.service() + " is busy: try again shortly");
        } else {
            LOG.warnf("connecting to %s failed: %s", target.service(), cause.toString());
            GatewayErrors.refuse(request, response, 502, "BadGateway", target.service() + " failed to answer", null);
        }
    }

    private void failed(HttpServerResponse response, Target target, Throwable cause) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (cause instanceof ConnectException || rootCause(cause) instanceof ConnectException) {
            response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, config.retryAfter().toSeconds())));
            GatewayErrors.send(response, 503, "ServiceUnavailable", target.service() + " is not available");
        } else if (cause instanceof TimeoutException) {
            GatewayErrors.send(response, 504, "GatewayTimeout", target.service() + " did not answer in time");
        } else {
            LOG.warnf("proxying to %s failed: %s", target.service(), cause.toString());
            GatewayErrors.send(response, 502, "BadGateway", target.service() + " failed to answer");
        }
    }

    private static void rateHeaders(MultiMap headers, Decision decision) {
        if (decision == null) {
            return;
        }
        headers.set("X-RateLimit-Limit", String.valueOf(decision.limit()))
                .set("X-RateLimit-Remaining", String.valueOf(decision.remaining()))
                .set("X-RateLimit-Reset", String.valueOf(decision.resetEpochSeconds()));
    }

    /** Copies end-to-end headers; hop-by-hop ones, any named in Connection, and those listed stay behind. */
    static void copyHeaders(MultiMap from, MultiMap to, Set<String> except) {
        Set<String> named = new HashSet<>();
        for (String value : from.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        from.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !named.contains(lower) && !except.contains(lower)
                    && !lower.startsWith("x-forwarded-") && !lower.startsWith("x-ratelimit-")) {
                to.add(name, value);
            }
        });
    }

    /** WebDAV clients send credentials only once challenged for them (files-service does so for its own 401s). */
    private static void challengeDav(HttpServerRequest request, HttpServerResponse response) {
        String path = request.path();
        if (path != null && (path.equals("/dav") || path.startsWith("/dav/"))) {
            response.putHeader("WWW-Authenticate", "Basic realm=\"Depot\", charset=\"UTF-8\"");
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** Content-Length as declared; -1 when absent (chunked bodies are counted as they stream). */
    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The headers as they came on the wire, near enough: names, values, ": " and CRLF. */
    private static long headerBytes(HttpServerRequest request) {
        long size = 0;
        for (var header : request.headers()) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }

    /** "..", "." and their percent-encoded forms could walk a service's path out of its prefix. */
    static boolean hasDotSegments(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("\\")) {
            return true;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
