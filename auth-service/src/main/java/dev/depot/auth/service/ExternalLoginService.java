package dev.depot.auth.service;

import dev.depot.auth.AuthCode;
import dev.depot.auth.User;
import dev.depot.auth.config.AuthConfig;
import dev.depot.auth.repository.AuthCodeRepository;
import dev.depot.auth.repository.UserRepository;
import dev.depot.auth.service.AccountService.Client;
import dev.depot.auth.service.TokenService.Session;
import dev.depot.common.error.ApiException;
import dev.depot.crypto.Hashes;
import dev.depot.events.EventTypes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Sign-in through an external OpenID Connect provider (Slack by default): the provider's user is
 * linked to a Depot account, or one is made, and the web app receives a one-time code to redeem
 * for a session.
 */
@ApplicationScoped
public class ExternalLoginService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthConfig config;
    private final UserRepository users;
    private final AuthCodeRepository codes;
    private final TokenService tokens;
    private final AccountService accounts;
    private final Clock clock;

    public ExternalLoginService(
            AuthConfig config,
            UserRepository users,
            AuthCodeRepository codes,
            TokenService tokens,
            AccountService accounts,
            Clock clock) {
        this.config = config;
        this.users = users;
        this.codes = codes;
        this.tokens = tokens;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** What the provider's ID token says about the person. */
    public record ExternalIdentity(
            String provider,
            String subject,
            String email,
            boolean emailVerified,
            String preferredUsername,
            String displayName,
            String avatarUrl) {}

    /**
     * Links by the provider's subject first; then, only when the provider vouches for the email,
     * by email (an unverified address must not take over someone's account); else makes an account.
     * Answers the one-time code.
     */
    @WithTransaction
    public Uni<String> signIn(ExternalIdentity identity, Client client) {
        if (identity.subject() == null || identity.subject().isBlank()) {
            return Uni.createFrom().failure(ApiException.unauthorized("the provider did not name the user"));
        }
        return users.findByExternalSubject(identity.provider(), identity.subject())
                .chain(user -> user != null ? Uni.createFrom().item(user) : linkByEmail(identity))
                .chain(user -> user != null
                        ? accounts.publishEvent(EventTypes.USER_LOGGED_IN, user, identity.provider(), client)
                                .replaceWith(user)
                        : create(identity)
                                .call(created -> accounts.publishEvent(
                                        EventTypes.USER_REGISTERED, created, identity.provider(), client)))
                .chain(this::issueCode);
    }

    /**
     * Exchanges a one-time code for a session. An unknown or already redeemed code is 404 (it is spent, as
     * if deleted), an expired one 403, so a client can tell "sign in again" from "the link was used".
     */
    public Uni<Session> redeem(String code) {
        if (code == null || code.isBlank()) {
            return Uni.createFrom().failure(ApiException.validation("auth_code is required"));
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        return Panache.withTransaction(
                () -> codes.findForUpdate(Hashes.sha256Hex(code)).chain(row -> {
                    if (row == null || row.usedAt != null) {
                        return Uni.createFrom()
                                .<Session>failure(new ApiException(
                                        404,
                                        "ResourceNotFound",
                                        "auth_code is not known or was already used",
                                        Map.of("auth_code", "is not known"),
                                        null));
                    }
                    if (row.expiresAt.isBefore(now)) {
                        return Uni.createFrom()
                                .<Session>failure(new ApiException(
                                        403,
                                        "Forbidden",
                                        "auth_code has expired",
                                        Map.of("auth_code", "has expired"),
                                        null));
                    }
                    row.usedAt = now;
                    return users.findById(row.userId).chain(tokens::startSession);
                }));
    }

    private Uni<User> linkByEmail(ExternalIdentity identity) {
        if (!identity.emailVerified() || identity.email() == null) {
            return Uni.createFrom().nullItem();
        }
        return users.findByEmail(identity.email()).invoke(user -> {
            if (user != null) {
                user.oidcProvider = identity.provider();
                user.oidcSubject = identity.subject();
                user.updatedAt = OffsetDateTime.now(clock);
            }
        });
    }

    private Uni<User> create(ExternalIdentity identity) {
        String email = identity.email() != null
                ? identity.email()
                : identity.subject().replaceAll("[^A-Za-z0-9._-]", "_") + "@" + identity.provider() + ".invalid";
        return freeUsername(baseUsername(identity), 0).chain(username -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            User user = new User();
            user.id = UUID.randomUUID();
            user.email = email;
            user.username = username;
            user.displayName = identity.displayName() != null ? identity.displayName() : username;
            user.avatarUrl = identity.avatarUrl();
            user.oidcProvider = identity.provider();
            user.oidcSubject = identity.subject();
            user.storageQuota = config.defaultStorageQuota();
            user.createdAt = now;
            user.updatedAt = now;
            return users.persist(user);
        });
    }

    private Uni<String> freeUsername(String base, int attempt) {
        String candidate = attempt == 0 ? base : base + "-" + (1000 + RANDOM.nextInt(9000));
        return users.usernameTaken(candidate)
                .chain(taken -> !taken
                        ? Uni.createFrom().item(candidate)
                        : attempt >= 10
                                ? Uni.createFrom()
                                        .item(base + "-"
                                                + UUID.randomUUID().toString().substring(0, 8))
                                : freeUsername(base, attempt + 1));
    }

    private static String baseUsername(ExternalIdentity identity) {
        String raw = identity.preferredUsername() != null
                ? identity.preferredUsername()
                : identity.email() != null ? identity.email().split("@")[0] : "user";
        String clean = raw.replaceAll("[^A-Za-z0-9_.-]", "").toLowerCase(Locale.ROOT);
        if (clean.length() < 3) {
            clean = (clean + "user").substring(0, Math.max(3, clean.length()));
        }
        return clean.length() > 26 ? clean.substring(0, 26) : clean;
    }

    private Uni<String> issueCode(User user) {
        String code = TokenService.randomToken();
        OffsetDateTime now = OffsetDateTime.now(clock);
        AuthCode row = new AuthCode();
        row.codeHash = Hashes.sha256Hex(code);
        row.userId = user.id;
        row.createdAt = now;
        row.expiresAt = now.plus(config.authCodeTtl());
        return codes.persist(row).replaceWith(code);
    }
}
