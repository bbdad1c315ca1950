package dev.depot.common.error;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The safety net under ErrorMappers: no 4xx or 5xx leaves a service with an empty body. A resource
 * (or RESTEasy) answering an error without an entity gets the envelope for its status, and so does a
 * failure below RESTEasy, in Vert.x Web (a form it cannot decode, a route that fails with a bare
 * status) or a body declared over quarkus.http.limits.max-body-size, which Quarkus would otherwise
 * answer with an empty body or its own JSON.
 */
@ApplicationScoped
public class ErrorBodies {

    private static final Logger LOG = Logger.getLogger(ErrorBodies.class);
    /** Before Quarkus' own failure handler, which answers such failures with an empty body. */
    private static final int ROUTE_ORDER = -2_000;
    /** Just before Quarkus' check of a declared body size (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT, -2). */
    private static final int BODY_LIMIT_ORDER = -3;

    private final Optional<MemorySize> maxBodySize;
    private final Optional<MemorySize> usualMaxBodySize;
    private final List<String> largeBodyPaths;

    /**
     * {@code depot.http.max-body-size} holds every route below Quarkus' own cap except those under
     * {@code depot.http.large-body-paths} ("[METHOD ]/path/prefix", comma-separated), which may go up
     * to the cap: a service that streams some bodies of many gigabytes (WebDAV PUTs) keeps every other
     * route to its usual limit.
     */
    public ErrorBodies(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            @ConfigProperty(name = "depot.http.max-body-size") Optional<MemorySize> usualMaxBodySize,
            @ConfigProperty(name = "depot.http.large-body-paths") Optional<List<String>> largeBodyPaths) {
        this.maxBodySize = maxBodySize;
        this.usualMaxBodySize = usualMaxBodySize;
        this.largeBodyPaths = largeBodyPaths.orElse(List.of());
    }

    @ServerResponseFilter
    public void fill(ContainerResponseContext response) {
        int status = response.getStatus();
        if (status >= 400 && !response.hasEntity()) {
            response.setEntity(
                    new ErrorBody(ErrorMappers.errorName(status), ErrorMappers.message(status, null), null),
                    null,
                    MediaType.APPLICATION_JSON_TYPE);
        }
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).failureHandler(this::failed);
        maxBodySize.ifPresent(max -> router.route().order(BODY_LIMIT_ORDER).handler(ctx -> declaredSize(ctx, max)));
    }

    /**
     * A body declared larger than the service takes: Quarkus would answer 413 with an empty body. The
     * connection closes after the answer, since the body that follows will not be read.
     */
    private void declaredSize(RoutingContext ctx, MemorySize cap) {
        MemorySize max = usualMaxBodySize.isEmpty()
                        || takesLargeBodies(
                                ctx.request().method().name(), ctx.request().path())
                ? cap
                : usualMaxBodySize.get();
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = Long.MAX_VALUE;
        }
        if (declared <= max.asLongValue()) {
            ctx.next();
            return;
        }
        ctx.response()
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> ctx.request().connection().close());
        answer(ctx.response(), 413, "the request body is larger than " + max.asLongValue() + " bytes");
    }

    /** Whether one of {@code depot.http.large-body-paths} ("[METHOD ]/path/prefix") matches the request. */
    boolean takesLargeBodies(String method, String path) {
        for (String entry : largeBodyPaths) {
            String[] parts = entry.trim().split("\\s+", 2);
            String prefix = parts.length == 2 ? parts[1] : parts[0];
            if ((parts.length == 1 || parts[0].equalsIgnoreCase(method)) && path != null && path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    void failed(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        Throwable failure = ctx.failure();
        if (response.headWritten() || response.closed() || isSecurity(failure)) {
            // Authentication challenges (401 with WWW-Authenticate, the login redirect) stay Quarkus'.
            ctx.next();
            return;
        }
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        String message = ErrorMappers.message(status, null);
        if (status >= 500) {
            String id = UUID.randomUUID().toString();
            LOG.errorf(
                    failure, "request to %s failed (error id %s)", ctx.request().path(), id);
            message = message + " (error id " + id + ")";
        }
        answer(response, status, message);
    }

    private static void answer(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject()
                        .put("success", false)
                        .put("error", ErrorMappers.errorName(status))
                        .put("message", message)
                        .put("detail", message)
                        .encode());
    }

    private static boolean isSecurity(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("io.quarkus.security.") || t instanceof SecurityException) {
                return true;
            }
        }
        return false;
    }
}
