package dev.depot.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** What files-service knows of a user, learnt from auth-service's events. */
@Entity
@Table(name = "account")
public class Account {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    public String username;

    public String email;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "avatar_url")
    public String avatarUrl;

    @Column(name = "storage_quota", nullable = false)
    public long storageQuota;

    @Column(name = "limit_warned", nullable = false)
    public boolean limitWarned;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
