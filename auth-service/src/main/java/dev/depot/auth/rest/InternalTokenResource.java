package dev.depot.auth.rest;

import dev.depot.auth.service.ApiTokenService;
import dev.depot.auth.service.ApiTokenService.Exchanged;
import dev.depot.common.config.InternalConfig;
import dev.depot.common.error.ApiException;
import dev.depot.crypto.Hashes;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

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

    public InternalTokenResource(ApiTokenService tokens, InternalConfig config) {
        this.tokens = tokens;
        this.secret = config.secret();
    }

    public record ExchangeRequest(String token) {}

    @POST
    @Path("/exchange")
    public Uni<Exchanged> exchange(@HeaderParam(SERVICE_TOKEN_HEADER) String serviceToken, ExchangeRequest body) {
        if (secret.isEmpty() || !Hashes.constantTimeEquals(secret.get(), serviceToken)) {
            throw ApiException.forbidden("internal API: a service identity is required");
        }
        return tokens.exchange(body == null ? null : body.token());
    }
}
