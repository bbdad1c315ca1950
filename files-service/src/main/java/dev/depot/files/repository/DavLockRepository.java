package dev.depot.files.repository;

import dev.depot.files.DavLock;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** WebDAV locks, by token. */
@ApplicationScoped
public class DavLockRepository implements PanacheRepositoryBase<DavLock, String> {

    private final Clock clock;

    public DavLockRepository(Clock clock) {
        this.clock = clock;
    }

    /**
     * The owner's unexpired locks on {@code path}, on a folder above it, or (with {@code below}) on
     * anything under it: every lock that may stand in the way of a change there. A drive holds few
     * locks at a time, so they are filtered here rather than by path patterns in SQL.
     */
    public Uni<List<DavLock>> touching(UUID ownerId, String path, boolean below) {
        return list("ownerId = ?1 and expiresAt > ?2", ownerId, OffsetDateTime.now(clock))
                .map(all -> all.stream()
                        .filter(l -> l.covers(path) || below && DavLock.isBelow(l.path, path))
                        .toList());
    }

    public Uni<Long> deleteExpired() {
        return delete("expiresAt <= ?1", OffsetDateTime.now(clock));
    }

    /** When a resource goes (deleted, moved away), the locks on its path and below go with it. */
    public Uni<Long> releaseAt(UUID ownerId, String path) {
        return list("ownerId = ?1", ownerId).chain(all -> {
            List<String> gone = all.stream()
                    .filter(l -> l.path.equals(path) || DavLock.isBelow(l.path, path))
                    .map(l -> l.token)
                    .toList();
            return gone.isEmpty() ? Uni.createFrom().item(0L) : delete("token in ?1", gone);
        });
    }
}
