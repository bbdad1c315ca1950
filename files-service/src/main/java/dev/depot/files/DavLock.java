package dev.depot.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A WebDAV write lock on a path of its owner's drive ("/a/b.txt"; "/" is the drive). */
@Entity
@Table(name = "dav_lock")
public class DavLock {

    /** "opaquelocktoken:" and a random UUID: what the client submits in If and Lock-Token. */
    @Id
    public String token;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(nullable = false)
    public String path;

    /** Covers everything below {@link #path} too. */
    @Column(name = "depth_infinite", nullable = false)
    public boolean depthInfinite;

    /** Exclusive, or shared with other shared locks. */
    @Column(nullable = false)
    public boolean exclusive;

    /** The client's DAV:owner element, given back in lock discovery. */
    @Column(name = "owner_xml")
    public String ownerXml;

    @Column(name = "timeout_secs", nullable = false)
    public long timeoutSeconds;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    /** Whether this lock applies to {@code target}: its own path, or one below it when of depth infinity. */
    public boolean covers(String target) {
        return path.equals(target) || depthInfinite && isBelow(target, path);
    }

    /** Whether {@code path} is strictly below {@code ancestor} ("/" holds everything). */
    public static boolean isBelow(String path, String ancestor) {
        return !path.equals(ancestor) && ("/".equals(ancestor) || path.startsWith(ancestor + "/"));
    }
}
