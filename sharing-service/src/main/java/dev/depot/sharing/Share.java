package dev.depot.sharing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A share of a file or folder: a public link, or a grant to one user. */
@Entity
@Table(name = "share")
public class Share {

    @Id
    public UUID id;

    /** Who made the share: the resource's owner, or a holder of admin on it. */
    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    /** The owner of the shared file or folder; they may manage every share of it. */
    @Column(name = "resource_owner_id", nullable = false)
    public UUID resourceOwnerId;

    /** For a share made by a non-owner: the user share giving its maker admin. Revoking that revokes this. */
    @Column(name = "granted_via")
    public UUID grantedVia;

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

    /** Whether a visitor of a public link may preview its files; downloads are {@code allowDownload}'s. */
    @Column(name = "allow_preview", nullable = false)
    public boolean allowPreview = true;

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

    /** A grant to a user of admin, through which that user may make further shares. */
    public boolean givesAdmin() {
        return sharedWithUserId != null && "admin".equals(permissionLevel);
    }

    public boolean isDropLink() {
        return "upload".equals(permissionLevel);
    }

    public boolean hasExpired(OffsetDateTime now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** Whether a download would be allowed now: by the rules below, in force and within its limit. */
    public boolean canDownload(OffsetDateTime now) {
        return allowsDownload() && !hasExpired(now) && (downloadLimit == null || downloadCount < downloadLimit);
    }

    /** Downloads are allowed by {@code allow_download} on public links, by the level on user shares. */
    public boolean allowsDownload() {
        return allowDownload && !isDropLink() && (isPublic || !"view".equals(permissionLevel));
    }
}
