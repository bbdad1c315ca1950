package dev.depot.auth.service;

import dev.depot.auth.RefreshToken;
import dev.depot.auth.User;
import dev.depot.auth.config.AuthConfig;
import dev.depot.auth.keys.SigningKeys;
import dev.depot.auth.repository.RefreshTokenRepository;
import dev.depot.crypto.Hashes;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/** Signs access tokens and issues refresh tokens. Call inside the caller's transaction. */
@ApplicationScoped
public class TokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthConfig config;
    private final SigningKeys keys;
    private final RefreshTokenRepository refreshTokens;
    private final Clock clock;

    /** The HMAC key of successorOf: a hash of the signing key, stable across restarts and replicas. */
    private final byte[] successorKey;

    public TokenService(AuthConfig config, SigningKeys keys, RefreshTokenRepository refreshTokens, Clock clock) {
        this.config = config;
        this.keys = keys;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
        MessageDigest digest = Hashes.sha256();
        digest.update("depot refresh token successor\0".getBytes(StandardCharsets.UTF_8));
        this.successorKey = digest.digest(keys.signingKey().getEncoded());
    }

    /** A new login: a new token family. */
    public Uni<Session> startSession(User user) {
        return issue(user, UUID.randomUUID(), randomToken());
    }

    /**
     * The next tokens of an existing login, after {@code used}: its successor refresh token is derived from
     * it (see successorOf), so that presenting {@code used} again within the grace period hands out the same
     * successor rather than a second live token of the login.
     */
    public Uni<Session> continueSession(User user, UUID familyId, String used) {
        return issue(user, familyId, successorOf(used));
    }

    /** The session of a successor already issued: a new access token, the same refresh token. */
    public Session resumeSession(User user, UUID familyId, String used) {
        return new Session(
                user,
                accessToken(user, familyId),
                config.accessTokenTtl().toSeconds(),
                successorOf(used),
                config.refreshTokenTtl().toSeconds(),
                familyId);
    }

    /**
     * The refresh token that follows {@code used}: an HMAC of it under a key only this service holds
     * (derived from its signing key), so as unguessable as a random token to anyone without that key.
     */
    public String successorOf(String used) {
        return Hashes.base64Url(Hashes.hmacSha256(successorKey, used));
    }

    /**
     * An access token of one login: {@code sid} names it (the refresh tokens' family), so that ending the
     * login revokes its access tokens too (see LoginRevocations).
     */
    public String accessToken(User user, UUID loginId) {
        return signed(user, "session", loginId);
    }

    /**
     * For a request made with a personal API token; services may refuse such tokens some operations.
     * No {@code sid}: the gateway keeps it for at most a second, then asks again whether the API token lives.
     */
    public String apiAccessToken(User user) {
        return signed(user, API_TOKEN_USE, null);
    }

    public long accessTtlSeconds() {
        return config.accessTokenTtl().toSeconds();
    }

    /** {@code token_use} of access tokens that stand in for a personal API token. */
    public static final String API_TOKEN_USE = "api";

    private String signed(User user, String tokenUse, UUID loginId) {
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .subject(user.id.toString())
                .upn(user.username)
                .claim("email", user.email)
                .claim("token_use", tokenUse)
                .groups(Set.of("user"))
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(clock.instant().getEpochSecond())
                .expiresIn(config.accessTokenTtl());
        if (loginId != null) {
            claims.claim(SESSION_CLAIM, loginId.toString());
        }
        return claims.jws().keyId(keys.keyId()).sign(keys.signingKey());
    }

    /** The claim naming the login an access token belongs to. */
    public static final String SESSION_CLAIM = "sid";

    private Uni<Session> issue(User user, UUID familyId, String refresh) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        RefreshToken row = new RefreshToken();
        row.id = UUID.randomUUID();
        row.userId = user.id;
        row.familyId = familyId;
        row.tokenHash = Hashes.sha256Hex(refresh);
        row.createdAt = now;
        row.expiresAt = now.plus(config.refreshTokenTtl());
        return refreshTokens
                .persist(row)
                .map(saved -> new Session(
                        user,
                        accessToken(user, familyId),
                        config.accessTokenTtl().toSeconds(),
                        refresh,
                        config.refreshTokenTtl().toSeconds(),
                        familyId));
    }

    /** 256 random bits, URL-safe. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Hashes.base64Url(bytes);
    }

    /** What a successful sign-in or refresh hands out. */
    public record Session(
            User user,
            String accessToken,
            long accessTtlSeconds,
            String refreshToken,
            long refreshTtlSeconds,
            UUID familyId) {}
}
