package dev.depot.common.security;

import dev.depot.common.config.InternalConfig;
import dev.depot.common.error.ErrorMappers;
import dev.depot.crypto.Hashes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every service's {@code /internal/**} API: the gateway never routes it, and callers prove
 * they are a Depot service with the shared secret in {@value #HEADER}. With no secret configured the
 * internal API refuses everyone.
 */
public class InternalApiFilter {

    public static final String HEADER = "X-Depot-Service-Token";

    private final Optional<String> secret;

    public InternalApiFilter(InternalConfig config) {
        this.secret = config.secret().filter(s -> !s.isBlank());
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireServiceIdentity(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/internal/") && !path.equals("/internal")) {
            return Optional.empty();
        }
        String presented = request.getHeaderString(HEADER);
        if (secret.isPresent() && Hashes.constantTimeEquals(secret.get(), presented)) {
            return Optional.empty();
        }
        return Optional.of(ErrorMappers.envelope(403, "Forbidden", "internal API: a service identity is required", null)
                .build());
    }
}
