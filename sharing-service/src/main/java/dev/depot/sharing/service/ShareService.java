package dev.depot.sharing.service;

import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.sharing.Share;
import dev.depot.sharing.repository.ShareRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** Shares and their rules, always scoped to the caller. */
@ApplicationScoped
public class ShareService {

    private final ShareRepository shares;

    public ShareService(ShareRepository shares) {
        this.shares = shares;
    }

    @WithSession
    public Uni<Page<Share>> list(UUID ownerId, PageRequest page, UriInfo uri) {
        var query = shares.activeOf(ownerId);
        return page.fetch(query, uri);
    }
}
