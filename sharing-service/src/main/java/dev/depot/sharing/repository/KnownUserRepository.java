package dev.depot.sharing.repository;

import dev.depot.sharing.KnownUser;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@ApplicationScoped
public class KnownUserRepository implements PanacheRepositoryBase<KnownUser, UUID> {

    /** By username or email, case-insensitive. */
    public Uni<KnownUser> byLogin(String login) {
        String l = login.trim().toLowerCase(Locale.ROOT);
        return find("lower(username) = ?1 or lower(email) = ?1", l).firstResult();
    }

    /** Every user named by any of {@code logins} (username or email, case-insensitive), in one query. */
    public Uni<List<KnownUser>> byLogins(Collection<String> logins) {
        List<String> l = logins.stream()
                .map(x -> x.trim().toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        return l.isEmpty() ? Uni.createFrom().item(List.of()) : list("lower(username) in ?1 or lower(email) in ?1", l);
    }

    public Uni<List<KnownUser>> byIds(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /** Inserts the user or overwrites what is known of them, in one statement (two deliveries may race). */
    public Uni<Void> upsert(UUID id, String username, String email, String displayName, String avatarUrl) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "INSERT INTO known_user (id, username, email, display_name, avatar_url) VALUES (?1, ?2, ?3, ?4, ?5)"
                                        + " ON CONFLICT (id) DO UPDATE SET username = excluded.username, email = excluded.email,"
                                        + " display_name = excluded.display_name, avatar_url = excluded.avatar_url")
                        .setParameter(1, id)
                        .setParameter(2, username)
                        .setParameter(3, email)
                        .setParameter(4, displayName)
                        .setParameter(5, avatarUrl)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
