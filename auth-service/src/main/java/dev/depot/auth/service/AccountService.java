package dev.depot.auth.service;

import dev.depot.auth.RefreshToken;
import dev.depot.auth.User;
import dev.depot.auth.config.AuthConfig;
import dev.depot.auth.repository.RefreshTokenRepository;
import dev.depot.auth.repository.UserRepository;
import dev.depot.auth.service.TokenService.Session;
import dev.depot.common.error.ApiException;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.UserPayload;
import dev.depot.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Accounts and their sessions: registration, sign-in, refresh rotation, sign-out, password change. */
@ApplicationScoped
public class AccountService {

    static final String SOURCE = "depot/auth-service";

    private final AuthConfig config;
    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Outbox outbox;
    private final Vertx vertx;

    public AccountService(AuthConfig config, UserRepository users, RefreshTokenRepository refreshTokens,
            TokenService tokens, PasswordHasher hasher, LoginThrottle throttle, Outbox outbox, Vertx vertx) {
        this.vertx = vertx;
        this.config = config;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.tokens = tokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Session> register(String email, String username, String password, Client client) {
        checkPassword(password, username, email);
        return users.emailTaken(email)
                .chain(taken -> taken ? conflict("email", "an account with this email already exists")
                        : users.usernameTaken(username))
                .chain(taken -> taken ? conflict("username", "this username is taken") : hasher.hash(password))
                .chain(hash -> {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    User user = new User();
                    user.id = UUID.randomUUID();
                    user.email = email.trim();
                    user.username = username;
                    user.displayName = username;
                    user.passwordHash = hash;
                    user.storageQuota = config.defaultStorageQuota();
                    user.createdAt = now;
                    user.updatedAt = now;
                    return users.persist(user);
                })
                .call(user -> publishEvent(EventTypes.USER_REGISTERED, user, "password", client))
                .chain(tokens::startSession);
    }

    /**
     * Wrong login and wrong password answer alike, after the same work, so accounts cannot be probed.
     * Each failure is answered a little later than the last (after the transaction has ended).
     */
    public Uni<Session> login(String login, String password, Client client) {
        throttle.check(login, client.address());
        return Panache.withTransaction(() -> users.findByLogin(login)
                .chain(user -> hasher.matches(password, user == null ? null : user.passwordHash)
                        .chain(ok -> {
                            if (!ok) {
                                return Uni.createFrom().<Session> failure(
                                        ApiException.unauthorized("invalid login or password"));
                            }
                            throttle.succeeded(login);
                            return publishEvent(EventTypes.USER_LOGGED_IN, user, "password", client)
                                    .chain(() -> tokens.startSession(user));
                        })))
                .onFailure(ApiException.class).call(() -> pause(throttle.failed(login, client.address())));
    }

    /** Waits on a Vert.x timer, so the answer continues on the request's own event loop. */
    private Uni<Void> pause(Duration delay) {
        return Uni.createFrom().emitter(em -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> em.complete(null)));
    }

    /**
     * Rotates a refresh token. A token that was already used means it leaked (or the client raced
     * itself): the whole login is revoked and the caller must sign in again. The revocation is
     * committed before the 401 is raised, which is why the failure travels out of the transaction
     * as an item.
     */
    public Uni<Session> refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return Uni.createFrom().failure(ApiException.unauthorized("no refresh token"));
        }
        return Panache.withTransaction(() -> rotate(refreshToken)).map(outcome -> {
            if (outcome.refused() != null) {
                throw outcome.refused();
            }
            return outcome.session();
        });
    }

    private Uni<Rotation> rotate(String refreshToken) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return refreshTokens.findByHashForUpdate(TokenService.sha256(refreshToken)).chain(row -> {
            if (row == null || row.revokedAt != null || row.expiresAt.isBefore(now)) {
                return Uni.createFrom().item(Rotation.refused("refresh token is not valid"));
            }
            if (row.usedAt != null) {
                return refreshTokens.revokeFamily(row.familyId, now)
                        .map(n -> Rotation.refused("refresh token was already used; sign in again"));
            }
            row.usedAt = now;
            return users.findById(row.userId).chain(user -> tokens.continueSession(user, row.familyId))
                    .map(session -> new Rotation(session, null));
        });
    }

    private record Rotation(Session session, ApiException refused) {
        static Rotation refused(String message) {
            return new Rotation(null, ApiException.unauthorized(message));
        }
    }

    /** Ends the login the refresh token belongs to; quietly does nothing for an unknown token. */
    @WithTransaction
    public Uni<Void> logout(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return refreshTokens.find("tokenHash", TokenService.sha256(refreshToken)).<RefreshToken> firstResult()
                .chain(row -> row == null ? Uni.createFrom().voidItem()
                        : refreshTokens.revokeFamily(row.familyId, OffsetDateTime.now(ZoneOffset.UTC))
                                .replaceWithVoid());
    }

    /** Changes the password and ends every other login of the user; the caller's own stays. */
    @WithTransaction
    public Uni<Void> changePassword(UUID userId, String oldPassword, String newPassword, String currentRefresh) {
        return users.findById(userId).chain(user -> {
            if (user == null) {
                return Uni.createFrom().failure(ApiException.unauthorized("account no longer exists"));
            }
            checkPassword(newPassword, user.username, user.email);
            return hasher.matches(oldPassword == null ? "" : oldPassword, user.passwordHash).chain(ok -> {
                if (!ok) {
                    return Uni.createFrom().failure(ApiException.validation("old_password is not correct",
                            Map.of("old_password", "is not correct")));
                }
                return hasher.hash(newPassword).chain(hash -> {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    user.passwordHash = hash;
                    user.updatedAt = now;
                    return currentFamily(currentRefresh).chain(family -> family == null
                            ? refreshTokens.revokeAllOfUser(userId, now)
                            : refreshTokens.revokeAllOfUserExceptFamily(userId, family, now));
                }).replaceWithVoid();
            });
        });
    }

    @WithSession
    public Uni<User> user(UUID id) {
        return users.findById(id);
    }

    private Uni<UUID> currentFamily(String refreshToken) {
        if (refreshToken == null) {
            return Uni.createFrom().nullItem();
        }
        return refreshTokens.find("tokenHash", TokenService.sha256(refreshToken)).<RefreshToken> firstResult()
                .map(row -> row == null ? null : row.familyId);
    }

    private void checkPassword(String password, String username, String email) {
        if (password == null || password.length() < config.minPasswordLength()) {
            throw ApiException.validation("password must have at least " + config.minPasswordLength() + " characters",
                    Map.of("password", "too short"));
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String localPart = email == null ? "" : email.split("@")[0].toLowerCase(Locale.ROOT);
        if ((username != null && lower.contains(username.toLowerCase(Locale.ROOT)))
                || (localPart.length() >= 3 && lower.contains(localPart))) {
            throw ApiException.validation("password must not contain the username or email",
                    Map.of("password", "contains the username or email"));
        }
    }

    /** Writes a user event to the outbox in the caller's transaction. */
    Uni<Void> publishEvent(String type, User user, String method, Client client) {
        UserPayload payload = new UserPayload(user.id, user.username, user.email, method, user.storageQuota);
        CloudEvent event = CloudEvent.of(SOURCE, type, user.id.toString(), user.id, EventCodec.toData(payload))
                .withClient(client.address(), client.userAgent()).withTrace(client.traceparent());
        return outbox.append(Topics.AUTH, event);
    }

    private static <T> Uni<T> conflict(String field, String message) {
        return Uni.createFrom().failure(ApiException.conflict(message, Map.of(field, "already in use")));
    }

    /** Where a request came from, and the trace it belongs to, for the events. */
    public record Client(String address, String userAgent, String traceparent) {
    }
}
