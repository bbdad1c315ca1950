package dev.depot.sharing.service;

import dev.depot.events.payload.UserPayload;
import dev.depot.sharing.repository.KnownUserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The users shares can name, as auth-service announces them. */
@ApplicationScoped
public class UserDirectoryService {

    private final KnownUserRepository users;

    public UserDirectoryService(KnownUserRepository users) {
        this.users = users;
    }

    /** Adds the user, or brings what is known of them up to date. */
    public Uni<Void> learn(UserPayload user) {
        return users.upsert(user.userId(), user.username(), user.email(), user.displayName(), user.avatarUrl());
    }
}
