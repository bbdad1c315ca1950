package dev.depot.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A one-time code that completes an external login; stored as its SHA-256 only. */
@Entity
@Table(name = "auth_code")
public class AuthCode {

    @Id
    @Column(name = "code_hash")
    public String codeHash;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "used_at")
    public OffsetDateTime usedAt;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
