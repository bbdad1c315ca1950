package dev.depot.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** What one active user share lets its grantee do, as sharing-service's events tell. */
@Entity
@Table(name = "share_grant")
public class ShareGrant {

    @Id
    @Column(name = "share_id")
    public UUID shareId;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    /** "file" or "folder"; a folder's grant reaches everything below it. */
    @Column(name = "resource_type", nullable = false)
    public String resourceType;

    @Column(name = "resource_id", nullable = false)
    public UUID resourceId;

    @Column(name = "grantee_id", nullable = false)
    public UUID granteeId;

    /** view, download, edit or admin ({@link Level#key()}). */
    @Column(name = "permission_level", nullable = false)
    public String permissionLevel;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
