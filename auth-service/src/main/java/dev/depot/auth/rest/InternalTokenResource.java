package dev.depot.auth.rest;

import dev.depot.auth.service.ApiTokenService;
import dev.depot.auth.service.ApiTokenService.Exchanged;
import dev.depot.common.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Service-to-service API, never routed by the gateway: the gateway exchanges a personal API token
 * for an access token here. Callers prove they are a Depot service with the shared internal secret.
 */
@Path("/internal/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalTokenResource {

    static final String SERVICE_TOKEN_HEADER = "X-Depot-Service-Token";

    private final ApiTokenService tokens;
    private final Optional<String> secret;

    public InternalTokenResource(ApiTokenService tokens,
            @ConfigProperty(name = "depot.internal.secret") Optional<String> secret) {
        this.tokens = tokens;
        this.secret = secret;
    }

    public record ExchangeRequest(String token) {
    }

    @POST
    @Path("/exchange")
    public Uni<Exchanged> exchange(@HeaderParam(SERVICE_TOKEN_HEADER) String serviceToken, ExchangeRequest body) {
        if (secret.isEmpty() || serviceToken == null || !MessageDigest.isEqual(
                secret.get().getBytes(StandardCharsets.UTF_8), serviceToken.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.forbidden("internal API: a service identity is required");
        }
        return tokens.exchange(body == null ? null : body.token());
    }
}
