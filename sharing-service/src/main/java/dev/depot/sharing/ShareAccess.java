package dev.depot.sharing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One use of a link: a view, a download or a drop, with who and from where. */
@Entity
@Table(name = "share_access")
public class ShareAccess {

    @Id
    public UUID id;

    @Column(name = "share_id", nullable = false)
    public UUID shareId;

    @Column(nullable = false)
    public String kind;

    @Column(name = "file_id")
    public UUID fileId;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "client_ip")
    public String clientIp;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "accessed_at", nullable = false)
    public OffsetDateTime accessedAt;
}
