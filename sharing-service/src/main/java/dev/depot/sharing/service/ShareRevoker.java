package dev.depot.sharing.service;

import dev.depot.events.EventTypes;
import dev.depot.sharing.Share;
import dev.depot.sharing.messaging.outgoing.SharesEvents;
import dev.depot.sharing.repository.ShareRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Ends shares: a revoked share takes with it, transitively, every share made through it, and a deleted
 * resource takes all of its shares. A revoked link's token is forgotten at once.
 */
@ApplicationScoped
public class ShareRevoker {

    private final ShareRepository shares;
    private final SharesEvents events;
    private final ManagedShares managed;
    private final SingleUseDownloads downloads;
    private final Clock clock;

    public ShareRevoker(
            ShareRepository shares,
            SharesEvents events,
            ManagedShares managed,
            SingleUseDownloads downloads,
            Clock clock) {
        this.shares = shares;
        this.events = events;
        this.managed = managed;
        this.downloads = downloads;
        this.clock = clock;
    }

    /** Revokes the share and what was made through it; once committed, their download URLs stop working. */
    public Uni<Void> revoke(UUID caller, UUID id) {
        return managed.authorized(caller, id)
                .chain(() -> revokeManaged(caller, id))
                .call(downloads::revoked)
                .replaceWithVoid();
    }

    @WithTransaction
    Uni<List<Share>> revokeManaged(UUID caller, UUID id) {
        return managed.manageable(caller, id, true).chain(this::revoke);
    }

    /** Deletes every share of a resource that was deleted for good, in the caller's transaction. */
    public Uni<Integer> resourceDeleted(String type, UUID resourceId) {
        return shares.allOfResource(type, resourceId).chain(list -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Share s : list) {
                chain = chain.chain(() -> s.revokedAt == null
                                ? revoke(s).replaceWithVoid()
                                : Uni.createFrom().voidItem())
                        .chain(() -> shares.delete(s));
            }
            return chain.replaceWith(list.size());
        });
    }

    /** Revokes the share and, in the caller's transaction, everything made through it, transitively: all of them. */
    private Uni<List<Share>> revoke(Share s) {
        return revokeOne(s)
                .chain(() -> revokeMadeThrough(List.of(s.id), new HashSet<>()))
                .map(made -> {
                    List<Share> all = new ArrayList<>(made);
                    all.add(0, s);
                    return all;
                });
    }

    /**
     * Revokes the active shares made through {@code grantIds}, then those made through them, in the caller's
     * transaction. Each is locked first, so a share being made through one of them at the same moment is
     * either seen here or refused.
     */
    Uni<List<Share>> revokeMadeThrough(List<UUID> grantIds, Set<UUID> seen) {
        seen.addAll(grantIds);
        return shares.madeThroughForUpdate(grantIds).chain(made -> {
            List<Share> fresh = made.stream()
                    .filter(m -> m.revokedAt == null && !seen.contains(m.id))
                    .toList();
            if (fresh.isEmpty()) {
                return Uni.createFrom().item(List.<Share>of());
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Share m : fresh) {
                chain = chain.chain(() -> revokeOne(m));
            }
            return chain.chain(() ->
                            revokeMadeThrough(fresh.stream().map(m -> m.id).toList(), seen))
                    .map(deeper -> {
                        List<Share> all = new ArrayList<>(fresh);
                        all.addAll(deeper);
                        return all;
                    });
        });
    }

    private Uni<Void> revokeOne(Share s) {
        s.revokedAt = OffsetDateTime.now(clock);
        s.updatedAt = s.revokedAt;
        s.publicTokenHash = null;
        s.publicTokenSealed = null;
        return events.share(EventTypes.SHARE_REVOKED, s);
    }
}
