package dev.depot.auth.repository;

import dev.depot.auth.User;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    /** By email or username, ignoring case: what a person types at the login form. */
    public Uni<User> findByLogin(String login) {
        return find("lower(email) = lower(?1) or lower(username) = lower(?1)", login)
                .firstResult();
    }

    public Uni<User> findByExternalSubject(String provider, String subject) {
        return find("oidcProvider = ?1 and oidcSubject = ?2", provider, subject).firstResult();
    }

    public Uni<User> findByEmail(String email) {
        return find("lower(email) = lower(?1)", email).firstResult();
    }

    public Uni<Boolean> emailTaken(String email) {
        return count("lower(email) = lower(?1)", email).map(n -> n > 0);
    }

    public Uni<Boolean> usernameTaken(String username) {
        return count("lower(username) = lower(?1)", username).map(n -> n > 0);
    }
}
