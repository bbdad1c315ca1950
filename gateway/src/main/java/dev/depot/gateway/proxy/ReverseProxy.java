package dev.depot.gateway.proxy;

import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.proxy.RouteTable.Target;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Streams each request to the service that owns its path and the answer back, with back-pressure
 * both ways: neither body is ever held whole in memory.
 */
@ApplicationScoped
public class ReverseProxy {

    private static final Logger LOG = Logger.getLogger(ReverseProxy.class);
    /** Runs after Quarkus' own routes (/q/health, /q/metrics), so those stay the gateway's. */
    private static final int ROUTE_ORDER = 10_000;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection",
            // The gateway answers "100 Continue" itself (quarkus.http.handle-100-continue-automatically).
            "expect");
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{8,128}");
    static final String REQUEST_ID = "X-Request-Id";

    private final RouteTable routes;
    private final GatewayConfig config;
    private final ApiTokenExchange apiTokens;
    private HttpClient client;
    private Vertx vertx;

    public ReverseProxy(RouteTable routes, GatewayConfig config, ApiTokenExchange apiTokens) {
        this.routes = routes;
        this.apiTokens = apiTokens;
        this.config = config;
    }

    void init(@Observes StartupEvent start, Vertx vertx) {
        this.vertx = vertx;
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerService()));
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String requestId = requestId(request);
        response.putHeader(REQUEST_ID, requestId);

        String path = request.path();
        if (path == null || hasDotSegments(path)) {
            GatewayErrors.send(response, 400, "ValidationError", "the path may not contain '.' or '..' segments");
            return;
        }
        Target target = routes.match(path).orElse(null);
        if (target == null) {
            GatewayErrors.send(response, 404, "ResourceNotFound", "no such resource");
            return;
        }

        request.pause();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (!ApiTokenExchange.isApiToken(authorization)) {
            forward(request, response, target, requestId, authorization);
            return;
        }
        apiTokens.accessTokenFor(authorization.substring("Bearer ".length())).onComplete(exchanged -> {
            if (exchanged.failed()) {
                request.resume();
                LOG.warnf("API token exchange failed: %s", exchanged.cause().toString());
                GatewayErrors.send(response, 503, "ServiceUnavailable", "API tokens cannot be checked right now");
            } else if (exchanged.result() == null) {
                request.resume();
                GatewayErrors.send(response, 401, "Unauthorized", "the API token is not valid");
            } else {
                forward(request, response, target, requestId, "Bearer " + exchanged.result());
            }
        });
    }

    private void forward(HttpServerRequest request, HttpServerResponse response, Target target, String requestId,
            String authorization) {
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(target.url().getHost())
                .setPort(target.url().getPort())
                .setURI(request.uri())
                .setHeaders(MultiMap.caseInsensitiveMultiMap());
        copyHeaders(request.headers(), options.getHeaders());
        if (authorization != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        options.putHeader(REQUEST_ID, requestId)
                .putHeader("X-Forwarded-For", request.remoteAddress().hostAddress())
                .putHeader("X-Forwarded-Proto", request.scheme())
                .putHeader("X-Forwarded-Host", request.authority() == null ? "" : request.authority().toString());

        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                request.resume();
                failed(response, target, opened.cause());
                return;
            }
            HttpClientRequest upstream = opened.result();
            IdleWatch idle = new IdleWatch(vertx, config.idleTimeout().toMillis(), () -> {
                upstream.reset(0, new TimeoutException("no bytes moved for " + config.idleTimeout()));
                GatewayErrors.send(response, 504, "GatewayTimeout", target.service() + " did not answer in time");
            });
            response.endHandler(v -> idle.stop());
            response.closeHandler(v -> {
                idle.stop();
                upstream.reset();
            });
            boolean hasBody = request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                    || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
            if (hasBody && !request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                upstream.setChunked(true);
            }
            var sent = hasBody ? upstream.send(idle.watch(request)) : upstream.send();
            if (!hasBody) {
                request.resume();
            }
            sent.onSuccess(answer -> relay(answer, request, response, idle))
                    .onFailure(e -> {
                        idle.stop();
                        failed(response, target, e);
                    });
        });
    }

    private void relay(HttpClientResponse answer, HttpServerRequest request, HttpServerResponse response,
            IdleWatch idle) {
        idle.touch();
        response.setStatusCode(answer.statusCode());
        response.setStatusMessage(answer.statusMessage());
        copyHeaders(answer.headers(), response.headers());
        boolean bodyless = request.method() == HttpMethod.HEAD || answer.statusCode() == 204
                || answer.statusCode() == 304;
        if (!bodyless && !answer.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        idle.watch(answer).pipeTo(response).onFailure(e -> LOG.debugf("response to %s cut: %s", request.path(), e.getMessage()));
    }

    private void failed(HttpServerResponse response, Target target, Throwable cause) {
        if (cause instanceof ConnectException || rootCause(cause) instanceof ConnectException) {
            GatewayErrors.send(response, 503, "ServiceUnavailable", target.service() + " is not available");
        } else if (cause instanceof TimeoutException) {
            GatewayErrors.send(response, 504, "GatewayTimeout", target.service() + " did not answer in time");
        } else {
            LOG.warnf("proxying to %s failed: %s", target.service(), cause.toString());
            GatewayErrors.send(response, 502, "BadGateway", target.service() + " failed to answer");
        }
    }

    /** Copies end-to-end headers; hop-by-hop ones, and any named in Connection, stay on their hop. */
    static void copyHeaders(MultiMap from, MultiMap to) {
        Set<String> named = new java.util.HashSet<>();
        for (String value : from.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        from.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !named.contains(lower) && !lower.equals("host")
                    && !lower.equals("authorization") && !lower.startsWith("x-forwarded-")) {
                to.add(name, value);
            }
        });
    }

    private static String requestId(HttpServerRequest request) {
        String given = request.getHeader(REQUEST_ID);
        return given != null && CLIENT_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
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
