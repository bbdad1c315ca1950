package dev.depot.auth.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Without a configured provider the external-login paths answer 503 in the error envelope, before
 * the code-flow security would answer a bare 401.
 */
@ApplicationScoped
public class ExternalLoginAvailability {

    private final boolean enabled;

    public ExternalLoginAvailability(@ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            return;
        }
        filters.register(ctx -> {
            if (ctx.normalizedPath().startsWith("/api/slack/")) {
                ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("success", false).put("error", "ServiceUnavailable")
                                .put("message", "external login is not configured on this server").encode());
            } else {
                ctx.next();
            }
        }, 10_000);
    }
}
