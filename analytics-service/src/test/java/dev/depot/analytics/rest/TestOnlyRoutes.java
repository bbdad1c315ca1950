package dev.depot.analytics.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * Routes that exist in tests only, answering errors the way no route of the service does today: a
 * resource's bare error status, and a failure in Vert.x Web below RESTEasy. ErrorEnvelopeTest checks
 * that the envelope is there anyway.
 */
@Path("/test-only")
public class TestOnlyRoutes {

    @GET
    @Path("/bare-conflict")
    public Response bareConflict() {
        return Response.status(409).build();
    }

    @ApplicationScoped
    static class VertxRoutes {
        void register(@Observes Router router) {
            router.get("/test-only/vertx-failure").handler(ctx -> ctx.fail(400));
            router.get("/test-only/vertx-exception").handler(ctx -> {
                throw new IllegalStateException("a bug below RESTEasy");
            });
        }
    }
}
