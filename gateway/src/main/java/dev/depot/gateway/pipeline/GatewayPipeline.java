package dev.depot.gateway.pipeline;

import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.core.Exchange;
import dev.depot.gateway.core.GatewayErrors;
import dev.depot.gateway.core.Policy;
import dev.depot.gateway.core.Refusal;
import dev.depot.gateway.core.Verdict;
import dev.depot.gateway.docs.ApiDocs;
import dev.depot.gateway.identity.ApiTokenExchange;
import dev.depot.gateway.identity.TokenVerifier;
import dev.depot.gateway.pipeline.IdentityStage.Admitted;
import dev.depot.gateway.pipeline.RouteStage.Destination;
import dev.depot.gateway.pipeline.RouteStage.Upstream;
import dev.depot.gateway.ratelimit.RateLimits;
import dev.depot.gateway.routing.RoutePolicies;
import dev.depot.gateway.routing.RouteTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Every request the gateway does not answer at its edge or as the web app passes these stages in
 * turn, each of which may refuse it: admission (what it declares: target, headers, body size),
 * identity (who calls), rate limit, route (where it goes), and forward (the streaming proxy). Before
 * a byte of the body is read, the request has passed all but the last and found a service with room
 * for it; only then is "100 Continue" sent to a client that waits for it.
 */
@ApplicationScoped
public class GatewayPipeline {

    private static final Logger LOG = Logger.getLogger(GatewayPipeline.class);
    /** Runs after the gateway's own edge handling; /q/health and /q/metrics are on the management port. */
    private static final int ROUTE_ORDER = 10_000;

    private static final String ACCESS_COOKIE = "access_token";

    private final AdmissionStage admission;
    private final IdentityStage identity;
    private final RouteStage route;
    private final ForwardStage forward;
    private final ApiDocs docs;

    public GatewayPipeline(
            RouteTable routes,
            RoutePolicies policies,
            GatewayConfig config,
            ApiTokenExchange apiTokens,
            TokenVerifier tokens,
            RateLimits limits,
            ApiDocs docs,
            MeterRegistry registry) {
        this.admission =
                new AdmissionStage(config.maxUriLength(), config.maxHeaderSize().asLongValue());
        this.identity = new IdentityStage(apiTokens, tokens, new RateLimitStage(limits), config.retryAfter());
        this.route = new RouteStage(routes, policies);
        this.forward = new ForwardStage(config, registry);
        this.docs = docs;
    }

    void init(@Observes StartupEvent start, Vertx vertx) {
        forward.start(vertx);
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Exchange exchange = Exchange.of(ctx);
        request.pause();

        String path = request.path();
        Optional<Refusal> malformed = admission.checkTarget(request.uri(), path);
        if (malformed.isPresent()) {
            malformed.get().answer(request, response);
            return;
        }
        route.label(path, exchange);
        Policy policy = route.policy(request.method(), path);
        Optional<Refusal> oversized = admission.checkSize(request.headers(), policy);
        if (oversized.isPresent()) {
            oversized.get().answer(request, response);
            return;
        }

        identity.admit(
                        request.getHeader(HttpHeaders.AUTHORIZATION),
                        () -> accessCookie(request),
                        path,
                        policy,
                        exchange)
                .onComplete(identified -> {
                    if (identified.failed()) {
                        LOG.errorf(identified.cause(), "admitting %s failed", request.method());
                        GatewayErrors.refuse(
                                request, response, 500, "InternalError", "something went wrong on our side", null);
                    } else if (identified.result() instanceof Verdict.Refused<Admitted> refused) {
                        refused.refusal().answer(request, response);
                    } else if (identified.result() instanceof Verdict.Pass<Admitted> admitted) {
                        limitAndRoute(ctx, policy, admitted.value());
                    }
                });
    }

    private void limitAndRoute(RoutingContext ctx, Policy policy, Admitted admitted) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Optional<Refusal> spent = RateLimitStage.judge(admitted.decision(), policy);
        if (spent.isPresent()) {
            spent.get().answer(request, response);
            return;
        }
        RateLimitStage.putHeaders(response.headers(), admitted.decision());
        Verdict<Destination> destination =
                route.route(request.method(), request.path(), request.uri(), Exchange.of(ctx));
        if (destination instanceof Verdict.Refused<Destination> refused) {
            refused.refusal().answer(request, response);
        } else if (destination instanceof Verdict.Pass<Destination> pass) {
            if (pass.value() instanceof Upstream upstream) {
                forward.forward(ctx, upstream.target(), policy, admitted, upstream.uri());
            } else {
                request.resume();
                if (!docs.serve(request, response)) {
                    GatewayErrors.send(response, 404, "ResourceNotFound", "no such resource");
                }
            }
        }
    }

    private static String accessCookie(HttpServerRequest request) {
        Cookie cookie = request.getCookie(ACCESS_COOKIE);
        return cookie == null ? null : cookie.getValue();
    }
}
