package dev.depot.common.security;

import dev.depot.common.error.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller, as the verified token names them. Never taken from the request body or query. */
@RequestScoped
public class CurrentUser {

    private final SecurityIdentity identity;

    public CurrentUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** Read from the identity's principal rather than an injected JsonWebToken: where quarkus-oidc is
     *  present too, its JsonWebToken producer answers for OIDC logins only. */
    private JsonWebToken jwt() {
        return identity.getPrincipal() instanceof JsonWebToken token ? token : null;
    }

    /** The user's id ({@code sub}); 401 when the request carries no valid token. */
    public UUID id() {
        JsonWebToken jwt = jwt();
        if (identity.isAnonymous() || jwt == null || jwt.getSubject() == null) {
            throw ApiException.unauthorized("You must be signed in to access this resource");
        }
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("the token's subject is not a user id");
        }
    }

    /** True when the request came with a personal API token (exchanged by the gateway). */
    public boolean viaApiToken() {
        JsonWebToken jwt = jwt();
        return jwt != null && "api".equals(jwt.getClaim("token_use"));
    }

    /** The login the token belongs to ({@code sid}); null for a token that names none (an API token's). */
    public UUID sessionId() {
        JsonWebToken jwt = jwt();
        Object sid = jwt == null ? null : jwt.getClaim("sid");
        String value = sid instanceof jakarta.json.JsonString s ? s.getString() : sid instanceof String s ? s : null;
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean isSignedIn() {
        return !identity.isAnonymous();
    }

    public String username() {
        return identity.getPrincipal().getName();
    }
}
