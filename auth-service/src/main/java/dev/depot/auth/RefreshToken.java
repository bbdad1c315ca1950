package dev.depot.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A refresh token, stored only as the SHA-256 of its value. Single use: each refresh rotates it. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    /** Every token descending from one login; presenting a used one revokes the whole family. */
    @Column(name = "family_id", nullable = false)
    public UUID familyId;

    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "used_at")
    public OffsetDateTime usedAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
