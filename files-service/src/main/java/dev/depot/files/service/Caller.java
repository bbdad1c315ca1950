package dev.depot.files.service;

import dev.depot.common.security.CurrentUser;
import java.util.Objects;
import java.util.UUID;

/**
 * Who asks a service for something: the signed-in user the verified token names, never an id taken
 * from the request. Services reached from an endpoint take one and decide themselves what it may do
 * (see {@link Access}), so an endpoint cannot skip the check by forgetting it.
 */
public record Caller(UUID id) {

    public Caller {
        Objects.requireNonNull(id, "id");
    }

    /** The caller of the current request; 401 when it carries no valid token. */
    public static Caller of(CurrentUser user) {
        return new Caller(user.id());
    }

    /** Whether the caller owns what {@code ownerId} owns. */
    public boolean owns(UUID ownerId) {
        return id.equals(ownerId);
    }
}
