package dev.depot.auth.rest;

import dev.depot.auth.keys.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The public keys other services verify access tokens with, also at the conventional well-known path. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return jwks(keys);
    }

    static Response jwks(SigningKeys keys) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(keys.jwks(), MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(cache)
                .build();
    }
}
