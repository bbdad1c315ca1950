package dev.depot.analytics.repository;

import static dev.depot.analytics.repository.WebhookRepository.first;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Users as the user.* events last described them (user_profile). */
@ApplicationScoped
public class UserProfileRepository {

    public record UserProfile(UUID userId, String username, String email, String displayName, String avatarUrl) {}

    private final Pool pool;

    public UserProfileRepository(Pool pool) {
        this.pool = pool;
    }

    /** Null when no user event about them has been applied (yet). */
    public Uni<UserProfile> find(UUID userId) {
        return pool.preparedQuery(
                        "SELECT user_id, username, email, display_name, avatar_url FROM user_profile WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .map(rows -> first(
                        rows.iterator(),
                        r -> new UserProfile(
                                r.getUUID("user_id"),
                                r.getString("username"),
                                r.getString("email"),
                                r.getString("display_name"),
                                r.getString("avatar_url"))));
    }
}
