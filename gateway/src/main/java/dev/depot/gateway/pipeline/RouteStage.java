package dev.depot.gateway.pipeline;

import dev.depot.gateway.core.Exchange;
import dev.depot.gateway.core.Policy;
import dev.depot.gateway.core.Refusal;
import dev.depot.gateway.core.Verdict;
import dev.depot.gateway.docs.ApiDocs;
import dev.depot.gateway.routing.RoutePolicies;
import dev.depot.gateway.routing.RouteTable;
import dev.depot.gateway.routing.RouteTable.Target;
import io.vertx.core.http.HttpMethod;

/**
 * Where a request goes: the service that owns its path (the route table), the OpenAPI document of
 * one, or the gateway's own API pages; and which policy's limits it falls under. /internal is never
 * reached from outside, whatever the route table says.
 */
final class RouteStage {

    /** Where a request that passed every check is answered. */
    sealed interface Destination {}

    /** A service, asked for {@code uri}. */
    record Upstream(Target target, String uri) implements Destination {}

    /** One of the gateway's own API pages (ApiDocs). */
    record OwnPage() implements Destination {}

    private final RouteTable routes;
    private final RoutePolicies policies;

    RouteStage(RouteTable routes, RoutePolicies policies) {
        this.routes = routes;
        this.policies = policies;
    }

    Policy policy(HttpMethod method, String path) {
        return policies.match(method, path);
    }

    /** Names the service a path belongs to in the access log and metrics, before anything may refuse it. */
    void label(String path, Exchange exchange) {
        routes.match(path).ifPresent(t -> exchange.routedTo(t.service(), t.prefix()));
    }

    /** The destination of a request (noted on the exchange), or 404. */
    Verdict<Destination> route(HttpMethod method, String path, String uri, Exchange exchange) {
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (RouteTable.isInternal(path)) {
            return Verdict.refused(Refusal.notFound("no such resource"));
        }
        if (read && ApiDocs.owns(path)) {
            exchange.routedTo("gateway", ApiDocs.route(path));
            return Verdict.pass(new OwnPage());
        }
        String documented = read ? ApiDocs.openApiService(path) : null;
        if (documented != null) {
            Target service = routes.service(documented).orElse(null);
            if (service == null) {
                exchange.routedTo("gateway", ApiDocs.OPENAPI);
                return Verdict.refused(Refusal.notFound("no service " + documented));
            }
            exchange.routedTo(service.service(), ApiDocs.OPENAPI);
            return Verdict.pass(new Upstream(service, ForwardStage.OPENAPI_URI + "?format=json"));
        }
        Target target = routes.match(path).orElse(null);
        if (target == null) {
            return Verdict.refused(Refusal.notFound("no such resource"));
        }
        exchange.routedTo(target.service(), target.prefix());
        return Verdict.pass(new Upstream(target, uri));
    }
}
