package dev.depot.common.security;

import dev.depot.common.error.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller, as the verified token names them. Never taken from the request body or query. */
@RequestScoped
public class CurrentUser {

    private final JsonWebToken jwt;
    private final SecurityIdentity identity;

    public CurrentUser(JsonWebToken jwt, SecurityIdentity identity) {
        this.jwt = jwt;
        this.identity = identity;
    }

    /** The user's id ({@code sub}); 401 when the request carries no valid token. */
    public UUID id() {
        if (identity.isAnonymous() || jwt.getSubject() == null) {
            throw ApiException.unauthorized("You must be signed in to access this resource");
        }
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("the token's subject is not a user id");
        }
    }

    public boolean isSignedIn() {
        return !identity.isAnonymous();
    }

    public String username() {
        return jwt.getName();
    }
}
