package dev.depot.sharing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A share of a file or folder (the seed's Share model). */
@Entity
@Table(name = "share")
public class Share {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(name = "resource_type", nullable = false)
    public String resourceType;

    @Column(name = "resource_id", nullable = false)
    public UUID resourceId;

    @Column(name = "shared_with_user_id")
    public UUID sharedWithUserId;

    @Column(name = "permission_level", nullable = false)
    public String permissionLevel;

    @Column(name = "is_public", nullable = false)
    public boolean isPublic;

    @Column(name = "public_token_hash")
    public String publicTokenHash;

    /** The token sealed by {@code TokenVault}, to show the owner the link again. */
    @Column(name = "public_token_sealed")
    public String publicTokenSealed;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Column(name = "allow_download", nullable = false)
    public boolean allowDownload;

    @Column(name = "download_limit")
    public Integer downloadLimit;

    @Column(name = "download_count", nullable = false)
    public int downloadCount;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public boolean isFolder() {
        return "folder".equals(resourceType);
    }

    public boolean isDropLink() {
        return "upload".equals(permissionLevel);
    }

    public boolean hasExpired() {
        return expiresAt != null && !expiresAt.isAfter(OffsetDateTime.now());
    }

    /** Downloads are allowed by {@code allow_download} on public links, by the level on user shares. */
    public boolean allowsDownload() {
        return allowDownload && !isDropLink() && (isPublic || !"view".equals(permissionLevel));
    }
}
