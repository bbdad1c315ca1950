package dev.depot.auth.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Without a configured provider the external-login paths answer 404 in the error envelope, before
 * the code-flow security would answer a bare 401: on this server the feature does not exist, which is
 * not an outage a client should retry (503).
 */
@ApplicationScoped
public class ExternalLoginAvailability {

    private final boolean enabled;

    public ExternalLoginAvailability(
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether a provider is configured: what {@code GET /api/auth/providers} tells the web app. */
    public boolean enabled() {
        return enabled;
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            return;
        }
        filters.register(
                ctx -> {
                    if (ctx.normalizedPath().startsWith("/api/slack/")) {
                        ctx.response()
                                .setStatusCode(404)
                                .putHeader("Content-Type", "application/json")
                                .end(new JsonObject()
                                        .put("success", false)
                                        .put("error", "ResourceNotFound")
                                        .put("message", "external login is not configured on this server")
                                        .put("detail", "external login is not configured on this server")
                                        .put("details", new JsonObject().put("provider", "is not configured"))
                                        .encode());
                    } else {
                        ctx.next();
                    }
                },
                10_000);
    }
}
