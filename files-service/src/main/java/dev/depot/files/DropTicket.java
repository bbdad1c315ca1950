package dev.depot.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A single-use permission to put one file into a folder, for whoever holds the ticket. */
@Entity
@Table(name = "drop_ticket")
public class DropTicket {

    /** The SHA-256 (hex) of the ticket: the ticket itself is never stored. */
    @Id
    public String hash;

    @Column(name = "folder_id", nullable = false)
    public UUID folderId;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(name = "share_id")
    public UUID shareId;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "used_at")
    public OffsetDateTime usedAt;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
