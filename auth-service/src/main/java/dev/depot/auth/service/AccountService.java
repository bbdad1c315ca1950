package dev.depot.auth.service;

import dev.depot.auth.RefreshToken;
import dev.depot.auth.User;
import dev.depot.auth.config.AuthConfig;
import dev.depot.auth.repository.RefreshTokenRepository;
import dev.depot.auth.repository.UserRepository;
import dev.depot.auth.service.TokenService.Session;
import dev.depot.common.error.ApiException;
import dev.depot.crypto.Hashes;
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
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

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
    private final LoginRevocations revocations;
    private final Vertx vertx;
    private final Clock clock;

    public AccountService(
            AuthConfig config,
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            TokenService tokens,
            PasswordHasher hasher,
            LoginThrottle throttle,
            Outbox outbox,
            LoginRevocations revocations,
            Vertx vertx,
            Clock clock) {
        this.vertx = vertx;
        this.revocations = revocations;
        this.config = config;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.tokens = tokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.outbox = outbox;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Session> register(String email, String username, String password, Client client) {
        checkPassword(password, username, email);
        return users.emailTaken(email)
                .chain(taken -> taken
                        ? conflict("email", "an account with this email already exists")
                        : users.usernameTaken(username))
                .chain(taken -> taken ? conflict("username", "this username is taken") : hasher.hash(password))
                .chain(hash -> {
                    OffsetDateTime now = OffsetDateTime.now(clock);
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
     * Failures count against the account (whichever of its names was given) and the client address; each
     * is answered a little later than the last (after the transaction has ended). See LoginThrottle.
     */
    public Uni<Session> login(String login, String password, Client client) {
        AtomicReference<String> account = new AtomicReference<>(LoginThrottle.account(null, login));
        return Panache.withTransaction(() -> users.findByLogin(login).chain(user -> {
                    account.set(LoginThrottle.account(user == null ? null : user.id, login));
                    return throttle.check(account.get(), client.address())
                            .chain(() -> hasher.matches(password, user == null ? null : user.passwordHash))
                            .chain(ok -> {
                                if (!ok) {
                                    return Uni.createFrom().<Session>failure(new WrongCredentials());
                                }
                                return throttle.succeeded(account.get(), client.address())
                                        .chain(() -> publishEvent(EventTypes.USER_LOGGED_IN, user, "password", client))
                                        .chain(() -> tokens.startSession(user));
                            });
                }))
                .onFailure(WrongCredentials.class)
                .call(() -> throttle.failed(account.get(), client.address()).chain(this::pause))
                .onFailure(WrongCredentials.class)
                .transform(e -> ApiException.unauthorized("invalid login or password"));
    }

    /** A failed sign-in, as opposed to one refused by the throttle (which is not counted again). */
    private static final class WrongCredentials extends RuntimeException {
        WrongCredentials() {
            super(null, null, false, false);
        }
    }

    /** Waits on a Vert.x timer, so the answer continues on the request's own event loop. */
    private Uni<Void> pause(Duration delay) {
        return Uni.createFrom().emitter(em -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> em.complete(null)));
    }

    /**
     * Rotates a refresh token. A token that was already used means it leaked (or the client raced
     * itself): the whole login is revoked, its access tokens with it, and the caller must sign in again.
     * The revocation is committed before the 401 is raised, which is why the failure travels out of the
     * transaction as an item.
     */
    public Uni<Session> refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return Uni.createFrom().failure(ApiException.unauthorized("no refresh token"));
        }
        return Panache.withTransaction(() -> rotate(refreshToken))
                .call(outcome -> outcome.ended() == null
                        ? Uni.createFrom().voidItem()
                        : revocations.revoke(List.of(outcome.ended())))
                .map(outcome -> {
                    if (outcome.refused() != null) {
                        throw outcome.refused();
                    }
                    return outcome.session();
                });
    }

    private Uni<Rotation> rotate(String refreshToken) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return refreshTokens.findByHashForUpdate(Hashes.sha256Hex(refreshToken)).chain(row -> {
            if (row == null || row.revokedAt != null || row.expiresAt.isBefore(now)) {
                return Uni.createFrom().item(Rotation.refused("refresh token is not valid", null));
            }
            if (row.usedAt != null) {
                return raced(refreshToken, row, now);
            }
            row.usedAt = now;
            return users.findById(row.userId)
                    .chain(user -> tokens.continueSession(user, row.familyId, refreshToken))
                    .map(session -> new Rotation(session, null, null));
        });
    }

    /**
     * A used token presented again. Within the grace period, while its successor is still unused, this is
     * a client racing itself (two tabs refreshing at once; the row lock of the first makes the second wait
     * here): it gets the same successor, so the login keeps one live refresh token. Otherwise the token
     * leaked, and the whole login ends.
     */
    private Uni<Rotation> raced(String refreshToken, RefreshToken row, OffsetDateTime now) {
        Uni<RefreshToken> successor =
                row.usedAt.plus(config.refreshReuseGrace()).isBefore(now)
                        ? Uni.createFrom().nullItem()
                        : refreshTokens.findByHashForUpdate(Hashes.sha256Hex(tokens.successorOf(refreshToken)));
        return successor.chain(next -> {
            if (next != null && next.usedAt == null && next.revokedAt == null && next.expiresAt.isAfter(now)) {
                return users.findById(row.userId)
                        .map(user -> new Rotation(tokens.resumeSession(user, row.familyId, refreshToken), null, null));
            }
            return refreshTokens
                    .revokeFamily(row.familyId, now)
                    .map(n -> Rotation.refused("refresh token was already used; sign in again", row.familyId));
        });
    }

    /** A rotation's outcome: the new session, or the refusal and the login it ended (if it ended one). */
    private record Rotation(Session session, ApiException refused, UUID ended) {
        static Rotation refused(String message, UUID ended) {
            return new Rotation(null, ApiException.unauthorized(message), ended);
        }
    }

    /**
     * Ends the login the refresh token belongs to and the one the caller's access token names
     * ({@code loginId} of user {@code userId}, from the verified token), with their access tokens.
     * Quietly does nothing for an unknown refresh token or without either.
     */
    public Uni<Void> logout(String refreshToken, UUID userId, UUID loginId) {
        boolean byRefreshToken = refreshToken != null && !refreshToken.isBlank();
        if (!byRefreshToken && loginId == null) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        return Panache.withTransaction(
                        () -> familyOf(byRefreshToken ? refreshToken : null).chain(family -> {
                            Set<UUID> ended = new LinkedHashSet<>();
                            Uni<Integer> revoked = Uni.createFrom().item(0);
                            if (family != null) {
                                ended.add(family);
                                revoked = revoked.chain(() -> refreshTokens.revokeFamily(family, now));
                            }
                            if (loginId != null && userId != null) {
                                ended.add(loginId);
                                revoked = revoked.chain(() -> refreshTokens.revokeFamilyOfUser(loginId, userId, now));
                            }
                            return revoked.replaceWith(ended);
                        }))
                .chain(revocations::revoke);
    }

    /**
     * Changes the password and ends every other login of the user, their access tokens included. The
     * caller's own login stays: the one its access token names, else the one of its refresh cookie.
     */
    public Uni<Void> changePassword(
            UUID userId, String oldPassword, String newPassword, String currentRefresh, UUID currentLogin) {
        return Panache.withTransaction(() -> users.findById(userId).chain(user -> {
                    if (user == null) {
                        return Uni.createFrom()
                                .<List<UUID>>failure(ApiException.unauthorized("account no longer exists"));
                    }
                    checkPassword(newPassword, user.username, user.email);
                    return hasher.matches(oldPassword == null ? "" : oldPassword, user.passwordHash)
                            .chain(ok -> {
                                if (!ok) {
                                    return Uni.createFrom()
                                            .<List<UUID>>failure(ApiException.validation(
                                                    "old_password is not correct",
                                                    Map.of("old_password", "is not correct")));
                                }
                                return hasher.hash(newPassword).chain(hash -> {
                                    // As PostgreSQL stores it, so that the logins ended here can be read back by it.
                                    OffsetDateTime now =
                                            OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
                                    user.passwordHash = hash;
                                    user.updatedAt = now;
                                    Uni<UUID> kept = currentLogin != null
                                            ? Uni.createFrom().item(currentLogin)
                                            : familyOf(currentRefresh);
                                    return kept.chain(family -> family == null
                                                    ? refreshTokens.revokeAllOfUser(userId, now)
                                                    : refreshTokens.revokeAllOfUserExceptFamily(userId, family, now))
                                            .chain(() -> refreshTokens.familiesRevokedAt(userId, now));
                                });
                            });
                }))
                .chain(revocations::revoke);
    }

    @WithSession
    public Uni<User> user(UUID id) {
        return users.findById(id);
    }

    /** The login a refresh token belongs to; null for none or an unknown one. */
    private Uni<UUID> familyOf(String refreshToken) {
        if (refreshToken == null) {
            return Uni.createFrom().nullItem();
        }
        return refreshTokens
                .find("tokenHash", Hashes.sha256Hex(refreshToken))
                .<RefreshToken>firstResult()
                .map(row -> row == null ? null : row.familyId);
    }

    private void checkPassword(String password, String username, String email) {
        if (password == null || password.length() < config.minPasswordLength()) {
            throw ApiException.validation(
                    "password must have at least " + config.minPasswordLength() + " characters",
                    Map.of("password", "too short"));
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String localPart = email == null ? "" : email.split("@")[0].toLowerCase(Locale.ROOT);
        if ((username != null && lower.contains(username.toLowerCase(Locale.ROOT)))
                || (localPart.length() >= 3 && lower.contains(localPart))) {
            throw ApiException.validation(
                    "password must not contain the username or email",
                    Map.of("password", "contains the username or email"));
        }
    }

    /** Writes a user event to the outbox in the caller's transaction. */
    Uni<Void> publishEvent(String type, User user, String method, Client client) {
        UserPayload payload = new UserPayload(
                user.id, user.username, user.email, method, user.storageQuota, user.displayName, user.avatarUrl);
        CloudEvent event = CloudEvent.of(SOURCE, type, user.id.toString(), user.id, EventCodec.toData(payload))
                .withClient(client.address(), client.userAgent())
                .withTrace(client.traceparent());
        return outbox.append(Topics.AUTH, event);
    }

    private static <T> Uni<T> conflict(String field, String message) {
        return Uni.createFrom().failure(ApiException.conflict(message, Map.of(field, "already in use")));
    }

    /** Where a request came from, and the trace it belongs to, for the events. */
    public record Client(String address, String userAgent, String traceparent) {}
}
