package dev.depot.files.service.dav;

import dev.depot.common.error.ApiException;
import dev.depot.files.DavLock;
import dev.depot.files.repository.DavLockRepository;
import dev.depot.files.repository.DavPropertyRepository;
import dev.depot.files.repository.FolderRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * WebDAV write locks (RFC 4918 section 6): exclusive or shared, on one path or a whole tree, with a
 * timeout. A change to a locked path needs one of its lock tokens submitted in the If header.
 */
@ApplicationScoped
public class DavLocks {

    /** The longest a lock is granted for, whatever a client asks ("Infinite" included). */
    static final long MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

    private final DavLockRepository locks;
    private final FolderRepository folders;
    private final DavPropertyRepository properties;
    private final Clock clock;

    public DavLocks(DavLockRepository locks, FolderRepository folders, DavPropertyRepository properties, Clock clock) {
        this.locks = locks;
        this.folders = folders;
        this.properties = properties;
        this.clock = clock;
    }

    /** Every unexpired lock of the owner that applies to {@code path}, and with {@code below} those under it. */
    @WithSession
    public Uni<List<DavLock>> touching(UUID ownerId, String path, boolean below) {
        return locks.touching(ownerId, path, below);
    }

    /**
     * 423 unless the submitted tokens unlock {@code path}: one token of the locks that cover it, and
     * (with {@code below}, for a change to a whole tree) the token of every lock under it.
     */
    @WithSession
    public Uni<Void> requireUnlocked(UUID ownerId, String path, boolean below, Collection<String> submitted) {
        return locks.touching(ownerId, path, below)
                .invoke(found -> {
                    List<DavLock> covering =
                            found.stream().filter(l -> l.covers(path)).toList();
                    boolean coveredOk =
                            covering.isEmpty() || covering.stream().anyMatch(l -> submitted.contains(l.token));
                    boolean belowOk =
                            found.stream().filter(l -> !l.covers(path)).allMatch(l -> submitted.contains(l.token));
                    if (!coveredOk || !belowOk) {
                        throw locked(path);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * A new lock on {@code path}; 423 when it conflicts with one there is (an exclusive lock conflicts
     * with any other, shared ones only with exclusive ones). Taken under the owner's tree lock, so two
     * clients locking at once cannot both get an exclusive lock.
     */
    @WithTransaction
    public Uni<DavLock> lock(
            UUID ownerId, String path, boolean exclusive, boolean depthInfinite, String ownerXml, long timeoutSeconds) {
        return folders.lockTree(ownerId)
                .chain(() -> locks.touching(ownerId, path, depthInfinite))
                .chain(found -> {
                    if (found.stream().anyMatch(l -> exclusive || l.exclusive)) {
                        return Uni.createFrom().failure(locked(path));
                    }
                    DavLock lock = new DavLock();
                    lock.token = "opaquelocktoken:" + UUID.randomUUID();
                    lock.ownerId = ownerId;
                    lock.path = path;
                    lock.exclusive = exclusive;
                    lock.depthInfinite = depthInfinite;
                    lock.ownerXml = ownerXml;
                    lock.timeoutSeconds = timeoutSeconds;
                    lock.expiresAt = OffsetDateTime.now(clock).plusSeconds(timeoutSeconds);
                    return locks.persist(lock);
                });
    }

    /** Extends the lock among {@code submitted} that applies to {@code path}; 412 when none does. */
    @WithTransaction
    public Uni<DavLock> refresh(UUID ownerId, String path, Collection<String> submitted, long timeoutSeconds) {
        return locks.touching(ownerId, path, false).map(found -> {
            DavLock lock = found.stream()
                    .filter(l -> l.covers(path) && submitted.contains(l.token))
                    .findFirst()
                    .orElseThrow(() -> new ApiException(
                            412, "PreconditionFailed", "no lock on " + path + " matches the tokens sent"));
            lock.timeoutSeconds = timeoutSeconds;
            lock.expiresAt = OffsetDateTime.now(clock).plusSeconds(timeoutSeconds);
            return lock;
        });
    }

    /** Removes the lock {@code token} that applies to {@code path}; 409 when there is no such lock. */
    @WithTransaction
    public Uni<Void> unlock(UUID ownerId, String path, String token) {
        return locks.touching(ownerId, path, false).chain(found -> {
            DavLock lock = found.stream()
                    .filter(l -> l.token.equals(token))
                    .findFirst()
                    .orElse(null);
            if (lock == null) {
                return Uni.createFrom()
                        .failure(ApiException.conflict("no lock " + token + " applies to " + path, null));
            }
            return locks.delete(lock).replaceWithVoid();
        });
    }

    /**
     * Swept now and then: expired locks (they stopped counting when they expired) and the dead
     * properties of what was deleted for good. Runs on every replica, unguarded: two bulk deletes by
     * row condition, nothing published, so a second replica running at once deletes nothing more.
     */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @WithTransaction
    Uni<Void> sweep() {
        return locks.deleteExpired().chain(properties::deleteOrphans).replaceWithVoid();
    }

    static ApiException locked(String path) {
        return new ApiException(423, "Locked", path + " is locked: send its lock token in the If header");
    }

    /** The granted timeout for a Timeout header ("Second-600, Infinite"): the first one understood, capped. */
    public static long timeout(String header) {
        if (header != null) {
            for (String part : header.split(",")) {
                String t = part.trim();
                if (t.equalsIgnoreCase("Infinite")) {
                    return MAX_TIMEOUT_SECONDS;
                }
                if (t.regionMatches(true, 0, "Second-", 0, 7)) {
                    try {
                        return Math.max(1, Math.min(MAX_TIMEOUT_SECONDS, Long.parseLong(t.substring(7))));
                    } catch (NumberFormatException ignored) {
                        // the next one, or the default
                    }
                }
            }
        }
        return 3600;
    }
}
