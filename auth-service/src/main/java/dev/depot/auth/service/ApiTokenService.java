package dev.depot.auth.service;

import dev.depot.auth.ApiToken;
import dev.depot.auth.repository.ApiTokenRepository;
import dev.depot.auth.repository.UserRepository;
import dev.depot.common.error.ApiException;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PageResults;
import dev.depot.crypto.Hashes;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Personal API tokens. Services never see them: the gateway exchanges one for a short-lived access
 * token (see {@link #exchange}), marked {@code token_use: api} so it cannot manage tokens or the
 * password itself.
 */
@ApplicationScoped
public class ApiTokenService {

    public static final String PREFIX = "dpt_";

    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final TokenService tokenService;
    private final Clock clock;

    public ApiTokenService(ApiTokenRepository tokens, UserRepository users, TokenService tokenService, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.tokenService = tokenService;
        this.clock = clock;
    }

    /** A new token and, this once, its value. */
    public record Created(ApiToken token, String value) {}

    /** An access token standing in for an API token, as the gateway forwards it. */
    public record Exchanged(String accessToken, long expiresIn, UUID userId) {}

    @WithTransaction
    public Uni<Created> create(UUID userId, String name, Integer expiresInDays) {
        String value = PREFIX + TokenService.randomToken();
        OffsetDateTime now = OffsetDateTime.now(clock);
        ApiToken t = new ApiToken();
        t.id = UUID.randomUUID();
        t.userId = userId;
        t.name = name.trim();
        t.tokenHash = Hashes.sha256Hex(value);
        t.prefix = value.substring(0, PREFIX.length() + 6);
        t.createdAt = now;
        t.expiresAt = expiresInDays == null ? null : now.plusDays(expiresInDays);
        return tokens.persist(t).map(saved -> new Created(saved, value));
    }

    @WithSession
    public Uni<PageResults<ApiToken>> list(UUID userId, PageRequest page) {
        return page.fetch(tokens.activeOf(userId));
    }

    @WithTransaction
    public Uni<Void> revoke(UUID userId, UUID id) {
        return tokens.findActive(userId, id)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("API token " + id))
                .invoke(t -> t.revokedAt = OffsetDateTime.now(clock))
                .replaceWithVoid();
    }

    /** The gateway's exchange; an unknown, revoked or expired token is 401. */
    @WithTransaction
    public Uni<Exchanged> exchange(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return Uni.createFrom().failure(ApiException.unauthorized("not an API token"));
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tokens.findByHash(Hashes.sha256Hex(value)).chain(t -> {
            if (t == null || t.revokedAt != null || (t.expiresAt != null && t.expiresAt.isBefore(now))) {
                return Uni.createFrom().failure(ApiException.unauthorized("API token is not valid"));
            }
            // Written at most once a minute: the gateway's cache makes exchanges rare anyway.
            if (t.lastUsedAt == null || Duration.between(t.lastUsedAt, now).toSeconds() >= 60) {
                t.lastUsedAt = now;
            }
            return users.findById(t.userId)
                    .map(user ->
                            new Exchanged(tokenService.apiAccessToken(user), tokenService.accessTtlSeconds(), user.id));
        });
    }
}
