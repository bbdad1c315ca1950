package dev.depot.analytics;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One thing a user did, as a domain event told it. */
@Entity
@Table(name = "activity_entry")
public class ActivityEntry {

    @Id
    public UUID id;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String action;

    @Column(name = "resource_type", nullable = false)
    public String resourceType;

    @Column(name = "resource_id", nullable = false)
    public String resourceId;

    /** The name at the time of the event; later renames do not rewrite history. */
    @Column(name = "resource_name")
    public String resourceName;

    @Column(name = "occurred_at", nullable = false)
    public OffsetDateTime occurredAt;

    @Column(name = "client_ip")
    public String clientIp;

    @Column(name = "user_agent")
    public String userAgent;

    /** A few facts of the event beside the names, as a JSON object (the kind of a share access, counts...). */
    @Column(name = "details")
    public String details;
}
