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

    public Uni<List<KnownUser>> byIds(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }
}
