package dev.depot.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A Depot account. */
@Entity
@Table(name = "app_user")
public class User {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String email;

    @Column(nullable = false)
    public String username;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "avatar_url")
    public String avatarUrl;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "oidc_provider")
    public String oidcProvider;

    @Column(name = "oidc_subject")
    public String oidcSubject;

    @Column(name = "storage_quota", nullable = false)
    public long storageQuota;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
