package dev.depot.files.service;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.SharePayload;
import dev.depot.files.Level;
import dev.depot.files.ShareGrant;
import dev.depot.files.repository.ShareGrantRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Keeps share_grant in step with sharing-service's events: an active share with a user grants its
 * level (download without allow_download is view); anything else (revoked, public-only, upload-only)
 * grants nothing.
 */
@ApplicationScoped
public class ShareGrantService {

    private static final Set<String> RESOURCE_TYPES = Set.of("file", "folder");

    private final ShareGrantRepository grants;
    private final TransferService transfers;
    private final Clock clock;

    public ShareGrantService(ShareGrantRepository grants, TransferService transfers, Clock clock) {
        this.grants = grants;
        this.transfers = transfers;
        this.clock = clock;
    }

    /** Applies share.created, share.updated or share.revoked ({@code type}) as of {@code eventTime}. */
    public Uni<Void> shareChanged(String type, SharePayload share, OffsetDateTime eventTime) {
        ShareGrant grant = EventTypes.SHARE_REVOKED.equals(type)
                ? null
                : grantOf(share, eventTime != null ? eventTime : OffsetDateTime.now(clock));
        Uni<?> applied = grant == null ? grants.deleteShare(share.shareId()) : grants.upsert(grant);
        return applied.replaceWithVoid().call(() -> tickets(type, share));
    }

    /**
     * A public link's download tickets follow it: this is the backstop for a revocation sharing-service
     * could not tell files-service of at once, and how a changed expiry reaches tickets already issued.
     */
    private Uni<Void> tickets(String type, SharePayload share) {
        if (!share.isPublic()) {
            return Uni.createFrom().voidItem();
        }
        if (EventTypes.SHARE_REVOKED.equals(type)) {
            return transfers.shareRevoked(share.shareId());
        }
        return EventTypes.SHARE_UPDATED.equals(type)
                ? transfers.shareChanged(share)
                : Uni.createFrom().voidItem();
    }

    /** The grant an active user share gives; null when it gives none. */
    static ShareGrant grantOf(SharePayload share, OffsetDateTime eventTime) {
        Level level = Level.grantable(share.permissionLevel());
        if (!share.active()
                || share.sharedWithUserId() == null
                || level == null
                || share.resourceId() == null
                || share.ownerId() == null
                || !RESOURCE_TYPES.contains(share.resourceType())) {
            return null;
        }
        if (level == Level.DOWNLOAD && !share.allowDownload()) {
            level = Level.VIEW;
        }
        ShareGrant g = new ShareGrant();
        g.shareId = share.shareId();
        g.ownerId = share.ownerId();
        g.resourceType = share.resourceType();
        g.resourceId = share.resourceId();
        g.granteeId = share.sharedWithUserId();
        g.permissionLevel = level.key();
        g.expiresAt = share.expiresAt() == null ? null : share.expiresAt().atOffset(ZoneOffset.UTC);
        g.updatedAt = eventTime.withOffsetSameInstant(ZoneOffset.UTC);
        return g;
    }
}
