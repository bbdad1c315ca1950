package dev.depot.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One counted download of a protected public link: good for one transfer of one file's content,
 * claimed by the first request that uses it.
 */
@Entity
@Table(name = "transfer_ticket")
public class TransferTicket {

    /** The SHA-256 (hex) of the ticket: the ticket itself is never stored. */
    @Id
    public String hash;

    @Column(name = "file_id", nullable = false)
    public UUID fileId;

    /** The content the download was counted for. */
    @Column(name = "sha256", nullable = false)
    public String sha256;

    @Column(name = "share_id", nullable = false)
    public UUID shareId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "claimed_at")
    public OffsetDateTime claimedAt;

    @Column(name = "claimer_address")
    public String claimerAddress;

    @Column(name = "claimer_agent")
    public String claimerAgent;
}
