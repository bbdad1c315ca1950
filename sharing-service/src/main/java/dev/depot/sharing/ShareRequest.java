package dev.depot.sharing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A share-making request sent with an Idempotency-Key, and the shares it made (see V6__share_request.sql). */
@Entity
@Table(name = "share_request")
public class ShareRequest {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(name = "idempotency_key", nullable = false)
    public String idempotencyKey;

    @Column(name = "fingerprint", nullable = false)
    public String fingerprint;

    @Column(name = "share_ids", nullable = false)
    public String shareIds;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public List<UUID> shares() {
        return Arrays.stream(shareIds.split(" ")).map(UUID::fromString).toList();
    }
}
