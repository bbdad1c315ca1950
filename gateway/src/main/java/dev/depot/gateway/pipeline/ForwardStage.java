package dev.depot.gateway.pipeline;

import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.core.Exchange;
import dev.depot.gateway.core.GatewayErrors;
import dev.depot.gateway.core.Policy;
import dev.depot.gateway.core.Refusal;
import dev.depot.gateway.pipeline.IdentityStage.Admitted;
import dev.depot.gateway.ratelimit.RateLimits.Decision;
import dev.depot.gateway.routing.RouteTable.Target;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
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
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Streams a request to its service and the answer back, with back-pressure both ways: neither body
 * is ever held whole in memory. A service has a capped number of requests in flight (more is 503, not
 * a queue); "100 Continue" is sent only here, once every earlier stage has let the request through; an
 * exchange is cut when no bytes move for the policy's idle timeout or it outlasts its request timeout
 * (504), and a body that streams past the policy's limit is cut too (413).
 */
final class ForwardStage {

    private static final Logger LOG = Logger.getLogger(ForwardStage.class);
    static final String OPENAPI_URI = "/q/openapi";

    private final Duration connectTimeout;
    private final Duration retryAfter;
    private final int maxConnectionsPerService;
    private final int maxInFlightPerService;
    private final InFlight inFlight;
    private HttpClient client;
    private Vertx vertx;

    ForwardStage(GatewayConfig config) {
        this.connectTimeout = config.connectTimeout();
        this.retryAfter = config.retryAfter();
        this.maxConnectionsPerService = config.maxConnectionsPerService();
        this.maxInFlightPerService = config.maxInFlightPerService();
        this.inFlight = new InFlight(maxInFlightPerService);
    }

    void start(Vertx vertx) {
        this.vertx = vertx;
        client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        .setKeepAlive(true)
                        .setDecompressionSupported(false),
                new PoolOptions()
                        .setHttp1MaxSize(maxConnectionsPerService)
                        // In-flight requests are capped per service; the pool never queues more than that.
                        .setMaxWaitQueueSize(Math.max(1, maxInFlightPerService)));
    }

    void forward(RoutingContext ctx, Target target, Policy policy, Admitted admitted, String uri) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Exchange exchange = Exchange.of(ctx);
        if (!inFlight.tryAcquire(target.service())) {
            Refusal.unavailable(target.service() + " is busy: try again shortly", retryAfter)
                    .answer(request, response);
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
                .setConnectTimeout(connectTimeout.toMillis())
                .setHeaders(MultiMap.caseInsensitiveMultiMap());
        ForwardHeaders.toService(request.headers(), options.getHeaders(), admitted.authorization(), exchange);
        if (uri.startsWith(OPENAPI_URI)) {
            options.setMethod(HttpMethod.GET).putHeader(HttpHeaders.ACCEPT, "application/json");
        }
        boolean hasBody = GatewayErrors.hasUnreadBody(request);
        if (hasBody
                && request.version() != HttpVersion.HTTP_1_0
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            response.writeContinue();
        }

        openRetryingStale(() -> client.request(options)).onComplete(opened -> {
            if (opened.failed()) {
                UpstreamFailures.notOpened(target.service(), opened.cause(), retryAfter)
                        .answer(request, response);
                return;
            }
            HttpClientRequest upstream = opened.result();
            // Resets (the client left, a timeout, a body over the limit) are answered where they happen.
            upstream.exceptionHandler(e -> LOG.debugf("to %s: %s", target.service(), e.toString()));
            // Each cut answers the client first: resetting the upstream fails its exchange at once.
            IdleWatch idle = new IdleWatch(vertx, policy.idleTimeout().toMillis(), () -> {
                UpstreamFailures.timedOut(target.service()).send(response);
                upstream.reset(0, new TimeoutException("no bytes moved for " + policy.idleTimeout()));
            });
            long deadline =
                    policy.requestTimeout().isZero() || policy.requestTimeout().isNegative()
                            ? -1
                            : vertx.setTimer(policy.requestTimeout().toMillis(), id -> {
                                idle.stop();
                                UpstreamFailures.timedOut(target.service()).send(response);
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
                    AdmissionStage.tooLarge(policy).answer(request, response);
                    upstream.reset(0, new IllegalStateException("request body over " + policy.maxBodySize()));
                }));
            } else {
                request.resume();
                sent = upstream.send();
            }
            sent.onSuccess(answer -> relay(answer, request, response, idle, admitted.decision()))
                    .onFailure(e -> {
                        idle.stop();
                        if (!response.ended() && !response.closed()) {
                            UpstreamFailures.failed(target.service(), e, retryAfter)
                                    .send(response);
                        }
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

    private void relay(
            HttpClientResponse answer,
            HttpServerRequest request,
            HttpServerResponse response,
            IdleWatch idle,
            Decision decision) {
        if (response.ended() || response.closed()) {
            answer.request().reset();
            return;
        }
        idle.touch();
        if (answer.statusCode() >= 400
                && request.method() != HttpMethod.HEAD
                && "0".equals(answer.getHeader(HttpHeaders.CONTENT_LENGTH))) {
            // An error a service answered without a body (a limit met below its error mappers): the envelope still.
            ForwardHeaders.copy(answer.headers(), response.headers(), Set.of("content-length", "content-type"));
            RateLimitStage.putHeaders(response.headers(), decision);
            GatewayErrors.send(
                    response,
                    answer.statusCode(),
                    GatewayErrors.errorName(answer.statusCode()),
                    GatewayErrors.message(answer.statusCode()));
            return;
        }
        response.setStatusCode(answer.statusCode());
        response.setStatusMessage(answer.statusMessage());
        ForwardHeaders.copy(answer.headers(), response.headers(), Set.of());
        RateLimitStage.putHeaders(response.headers(), decision);
        boolean bodyless =
                request.method() == HttpMethod.HEAD || answer.statusCode() == 204 || answer.statusCode() == 304;
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
}
