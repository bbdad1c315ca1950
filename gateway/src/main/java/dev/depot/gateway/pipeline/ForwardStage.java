package dev.depot.gateway.pipeline;

import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.core.Exchange;
import dev.depot.gateway.core.GatewayErrors;
import dev.depot.gateway.core.Policy;
import dev.depot.gateway.core.Refusal;
import dev.depot.gateway.pipeline.IdentityStage.Admitted;
import dev.depot.gateway.pipeline.Replicas.Replica;
import dev.depot.gateway.ratelimit.RateLimits.Decision;
import dev.depot.gateway.routing.RouteTable.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>A service may run as several replicas (Replicas): each request goes to one that is up, and to
 * another when it could not reach it and sending it again cannot repeat anything (see Call).
 */
final class ForwardStage {

    private static final Logger LOG = Logger.getLogger(ForwardStage.class);
    static final String OPENAPI_URI = "/q/openapi";

    /** Methods whose effect is the same however often they are sent (RFC 9110 9.2.2; PROPFIND is safe). */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(
            HttpMethod.GET,
            HttpMethod.HEAD,
            HttpMethod.OPTIONS,
            HttpMethod.TRACE,
            HttpMethod.PUT,
            HttpMethod.DELETE,
            HttpMethod.PROPFIND);

    private final Duration connectTimeout;
    private final Duration retryAfter;
    private final int maxConnectionsPerService;
    private final int maxInFlightPerService;
    private final InFlight inFlight;
    private final GatewayConfig.Replicas settings;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Map<String, Replicas> byService = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Map<String, Counter> retryCounters = new ConcurrentHashMap<>();
    private final Map<Replica, Gauge> inFlightGauges = new ConcurrentHashMap<>();
    private HttpClient client;
    private HttpClient healthClient;
    private Vertx vertx;

    ForwardStage(GatewayConfig config, MeterRegistry registry) {
        this.connectTimeout = config.connectTimeout();
        this.retryAfter = config.retryAfter();
        this.maxConnectionsPerService = config.maxConnectionsPerService();
        this.maxInFlightPerService = config.maxInFlightPerService();
        this.inFlight = new InFlight(maxInFlightPerService);
        this.settings = config.replicas();
        this.backoff = settings.backoff();
        this.maxBackoff = settings.maxBackoff();
        this.registry = registry;
        config.routes().forEach((service, route) -> byService.put(service, Replicas.of(service, route, settings)));
        byService.values().forEach(replicas -> Gauge.builder(
                        "depot.gateway.upstream.replicas.available", replicas, r -> r.available())
                .description("Replicas of a service that may take requests now")
                .tag("service", replicas.service())
                .register(registry));
        byService.values().forEach(replicas -> replicas.all().forEach(replica -> watch(replicas, replica)));
    }

    private void watch(Replicas replicas, Replica replica) {
        inFlightGauges.put(
                replica,
                Gauge.builder("depot.gateway.upstream.replica.in-flight", replica, r -> r.inFlight())
                        .description("Requests on their way to one replica of a service")
                        .tags("service", replicas.service(), "replica", replica.toString())
                        .register(registry));
    }

    void start(Vertx vertx) {
        this.vertx = vertx;
        // One pool per replica (Vert.x keeps one per host and port), each of this size.
        client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        .setKeepAlive(true)
                        .setDecompressionSupported(false),
                new PoolOptions()
                        .setHttp1MaxSize(maxConnectionsPerService)
                        // In-flight requests are capped per service; the pool never queues more than that.
                        .setMaxWaitQueueSize(Math.max(1, maxInFlightPerService)));
        int timeout = (int) Math.max(1, settings.healthTimeout().toMillis());
        healthClient = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout(timeout).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(1));
        long interval = Math.max(10, settings.healthInterval().toMillis());
        for (Replicas replicas : byService.values()) {
            checkAll(replicas, timeout);
            vertx.setPeriodic(interval, id -> checkAll(replicas, timeout));
        }
        settings.resolveInterval().ifPresent(every -> {
            for (Replicas replicas : byService.values()) {
                if (!replicas.names().isEmpty()) {
                    resolve(replicas, timeout);
                    vertx.setPeriodic(Math.max(10, every.toMillis()), id -> resolve(replicas, timeout));
                }
            }
        });
    }

    private void checkAll(Replicas replicas, long timeout) {
        replicas.all().stream().filter(r -> r.healthUrl() != null).forEach(r -> check(replicas, r, timeout));
    }

    /**
     * Looks up the service's host names (on a worker thread: the JDK resolver blocks) and makes each
     * address a replica. New replicas are health-checked at once; one whose address is gone gets no new
     * requests, while those it is serving finish.
     */
    private void resolve(Replicas replicas, long timeout) {
        vertx.<Map<String, List<String>>>executeBlocking(
                        () -> {
                            Map<String, List<String>> addresses = new HashMap<>();
                            for (String name : replicas.names()) {
                                try {
                                    addresses.put(
                                            name,
                                            Arrays.stream(InetAddress.getAllByName(name))
                                                    .map(InetAddress::getHostAddress)
                                                    .sorted()
                                                    .toList());
                                } catch (UnknownHostException e) {
                                    // none now (every container stopped, a DNS hiccup): keep the last ones
                                    LOG.debugf(
                                            "%s: %s does not resolve (%s)", replicas.service(), name, e.getMessage());
                                }
                            }
                            return addresses;
                        },
                        false)
                .onSuccess(addresses -> {
                    Replicas.Change change = replicas.resolved(addresses);
                    change.removed().forEach(r -> {
                        Gauge gauge = inFlightGauges.remove(r);
                        if (gauge != null) {
                            registry.remove(gauge);
                        }
                    });
                    change.added().forEach(r -> {
                        watch(replicas, r);
                        if (r.healthUrl() != null) {
                            check(replicas, r, timeout);
                        }
                    });
                    if (!change.added().isEmpty() || !change.removed().isEmpty()) {
                        LOG.infof(
                                "%s replicas now %s (added %s, removed %s)",
                                replicas.service(), replicas.all(), change.added(), change.removed());
                    }
                });
    }

    /** Asks a replica's health endpoint: a 2xx keeps it in (or brings it back), anything else takes it out. */
    private void check(Replicas replicas, Replica replica, long timeout) {
        if (!replica.checking.compareAndSet(false, true)) {
            return; // the last check has not ended yet (it times out on its own)
        }
        URI health = replica.healthUrl();
        String path = (health.getRawPath() == null || health.getRawPath().isEmpty() ? "/" : health.getRawPath())
                + (health.getRawQuery() == null ? "" : "?" + health.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(health.getHost())
                .setPort(health.getPort() > 0 ? health.getPort() : 80)
                .setURI(path)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout);
        healthClient
                .request(options)
                .compose(req -> req.send())
                .compose(answer -> answer.body().map(body -> answer.statusCode()))
                .onComplete(checked -> {
                    replica.checking.set(false);
                    boolean passed = checked.succeeded() && checked.result() / 100 == 2;
                    long now = System.nanoTime();
                    boolean was = replica.available(now);
                    replicas.checked(replica, passed);
                    if (was != replica.available(now)) {
                        LOG.infof(
                                "%s replica %s is %s (health check: %s)",
                                replicas.service(),
                                replica,
                                passed ? "back" : "out",
                                checked.succeeded()
                                        ? "status " + checked.result()
                                        : checked.cause().toString());
                    }
                });
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
        Replicas replicas = byService.computeIfAbsent(
                target.service(),
                s -> new Replicas(
                        s, target.urls().stream().map(u -> new Replica(u, null)).toList(), backoff, maxBackoff));
        new Call(ctx, replicas, policy, admitted, options, hasBody).start();
    }

    /**
     * One request on its way to a service: its attempts, each at another replica. A request that could
     * not reach a replica goes to the next one that is up, at most once to each, when that cannot
     * repeat anything: always when no connection was opened (nothing was sent, the body is unread),
     * and after a connection failed before any answer only for an idempotent method without a body
     * (a streamed body is not kept, so one partly sent cannot be sent again). Everything runs on the
     * request's event loop.
     */
    private final class Call {

        private final RoutingContext ctx;
        private final HttpServerRequest request;
        private final HttpServerResponse response;
        private final Replicas replicas;
        private final Policy policy;
        private final Admitted admitted;
        private final RequestOptions options;
        private final boolean hasBody;
        private final Set<Replica> tried = new HashSet<>();
        private boolean lastResort;

        Call(
                RoutingContext ctx,
                Replicas replicas,
                Policy policy,
                Admitted admitted,
                RequestOptions options,
                boolean hasBody) {
            this.ctx = ctx;
            this.request = ctx.request();
            this.response = ctx.response();
            this.replicas = replicas;
            this.policy = policy;
            this.admitted = admitted;
            this.options = options;
            this.hasBody = hasBody;
        }

        void start() {
            Replica first = replicas.pick(tried);
            if (first == null) {
                lastResort = true;
                first = replicas.lastResort();
            }
            attempt(first);
        }

        /** The request once more at another replica, if there is one it may go to; false if not. */
        private boolean retry(Replica failed, Throwable cause) {
            if (lastResort || response.ended() || response.closed()) {
                return false;
            }
            Replica next = replicas.pick(tried);
            if (next == null) {
                return false;
            }
            LOG.debugf("%s %s: %s failed (%s), trying %s", request.method(), service(), failed, cause, next);
            retries(service()).increment();
            attempt(next);
            return true;
        }

        private String service() {
            return replicas.service();
        }

        private void attempt(Replica replica) {
            tried.add(replica);
            replica.begin();
            AtomicBoolean done = new AtomicBoolean();
            Runnable finished = () -> {
                if (done.compareAndSet(false, true)) {
                    replica.end();
                }
            };
            ctx.addEndHandler(v -> finished.run());
            RequestOptions to = new RequestOptions(options)
                    .setHost(replica.url().getHost())
                    .setPort(replica.url().getPort());
            String service = service();

            openRetryingStale(() -> client.request(to)).onComplete(opened -> {
                if (opened.failed()) {
                    finished.run();
                    if (connectionFailed(opened.cause())) {
                        replicas.connectionFailed(replica);
                    }
                    // Nothing was sent and the body is unread: any request may go to another replica.
                    if (!retry(replica, opened.cause())) {
                        UpstreamFailures.notOpened(service, opened.cause(), retryAfter)
                                .answer(request, response);
                    }
                    return;
                }
                HttpClientRequest upstream = opened.result();
                // Resets (the client left, a timeout, a body over the limit) are answered where they happen.
                upstream.exceptionHandler(e -> LOG.debugf("to %s (%s): %s", service, replica, e.toString()));
                // Each cut answers the client first: resetting the upstream fails its exchange at once.
                IdleWatch idle = new IdleWatch(vertx, policy.idleTimeout().toMillis(), () -> {
                    UpstreamFailures.timedOut(service).send(response);
                    upstream.reset(0, new TimeoutException("no bytes moved for " + policy.idleTimeout()));
                });
                long deadline = policy.requestTimeout().isZero()
                                || policy.requestTimeout().isNegative()
                        ? -1
                        : vertx.setTimer(policy.requestTimeout().toMillis(), id -> {
                            idle.stop();
                            UpstreamFailures.timedOut(service).send(response);
                            upstream.reset(0, new TimeoutException("not done within " + policy.requestTimeout()));
                        });
                Runnable stopWatching = () -> {
                    idle.stop();
                    if (deadline >= 0) {
                        vertx.cancelTimer(deadline);
                    }
                };
                ctx.addEndHandler(ended -> {
                    stopWatching.run();
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
                sent.onSuccess(answer -> {
                            replicas.answered(replica);
                            relay(answer, request, response, idle, admitted.decision(), finished);
                        })
                        .onFailure(e -> {
                            stopWatching.run();
                            if (response.ended() || response.closed()) {
                                finished.run();
                                return; // cut by the gateway (timeout, limit) or the client left
                            }
                            if (rootCause(e) instanceof IOException) {
                                replicas.connectionFailed(replica); // reset by the replica
                            }
                            // The replica may have received and acted on the request: again only
                            // where doing it twice is the same as once, and nothing of a body is lost.
                            boolean repeatable = !hasBody
                                    && IDEMPOTENT.contains(request.method())
                                    && !response.headWritten()
                                    && !(e instanceof TimeoutException);
                            if (repeatable) {
                                finished.run();
                                if (retry(replica, e)) {
                                    return;
                                }
                            }
                            finished.run();
                            if (hasBody && !request.isEnded()) {
                                // The rest of the body has nowhere to go: it must not be piped into the
                                // failed request, nor read as the connection's next request. It is
                                // dropped while the answer goes out, then the connection is closed.
                                request.pause();
                                UpstreamFailures.failed(service, e, retryAfter).answer(request, response);
                                return;
                            }
                            UpstreamFailures.failed(service, e, retryAfter).send(response);
                        });
            });
        }
    }

    /** A failure that says the replica is not there: refused, reset, or no connection within the timeout. */
    static boolean connectionFailed(Throwable cause) {
        Throwable root = rootCause(cause);
        return cause instanceof ConnectException || root instanceof ConnectException || root instanceof IOException;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private Counter retries(String service) {
        return retryCounters.computeIfAbsent(service, s -> Counter.builder("depot.gateway.upstream.retries")
                .description("Requests sent to another replica after one could not be reached")
                .tag("service", s)
                .register(registry));
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
            Decision decision,
            Runnable finished) {
        if (response.ended() || response.closed()) {
            finished.run();
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
                            GatewayErrors.message(answer.statusCode()))
                    .onComplete(sent -> finished.run());
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
        // The replica's count of requests in flight ends with its answer, however the client's response ends.
        Future<Void> relayed = idle.watch(answer).pipe().endOnFailure(false).to(response);
        relayed.onComplete(done -> finished.run());
        relayed.onFailure(e -> {
            LOG.debugf("response cut: %s", e.getMessage());
            if (!response.ended()) {
                response.reset();
            }
        });
    }
}
