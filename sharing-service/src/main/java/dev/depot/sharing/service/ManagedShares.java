package dev.depot.sharing.service;

import dev.depot.common.error.ApiException;
import dev.depot.sharing.Share;
import dev.depot.sharing.client.FilesClient;
import dev.depot.sharing.repository.ShareRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Which shares a caller may manage. A share is managed by the resource's owner, and by its maker while
 * the maker still holds admin on the resource; anything else is 404, as if there were no such share.
 */
@ApplicationScoped
public class ManagedShares {

    private final ShareRepository shares;
    private final FilesClient files;

    public ManagedShares(ShareRepository shares, FilesClient files) {
        this.shares = shares;
        this.files = files;
    }

    /** An active share the caller may manage, by sharing-service's own records, in the caller's session; 404 otherwise. */
    Uni<Share> manageable(UUID caller, UUID id, boolean forUpdate) {
        return shares.findManageable(caller, id, forUpdate)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("share " + id));
    }

    /**
     * As {@link #manageable}, and a maker who is not the resource's owner must hold admin on it now as
     * files-service sees it (or own it); anything less is 404, as for someone else's share.
     */
    Uni<Share> authorized(UUID caller, UUID id) {
        return stored(caller, id)
                .call(s -> caller.equals(s.resourceOwnerId)
                        ? Uni.createFrom().voidItem()
                        : files.lookup(s.resourceType, s.resourceId, caller).invoke(r -> {
                            if (!"owner".equals(r.access()) && !"admin".equals(r.access())) {
                                throw ApiException.notFound("share " + id);
                            }
                        }));
    }

    /** Read in a session of its own, which ends before files-service is asked. */
    @WithSession
    Uni<Share> stored(UUID caller, UUID id) {
        return manageable(caller, id, false);
    }

    /** Whether the share is the caller's to manage at all: made by them or of their resource. */
    static boolean answersTo(Share s, UUID caller) {
        return caller.equals(s.ownerId) || caller.equals(s.resourceOwnerId);
    }
}
