package dev.depot.files.messaging;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.SharePayload;
import dev.depot.files.Level;
import dev.depot.files.ShareGrant;
import dev.depot.files.repository.ShareGrantRepository;
import dev.depot.files.service.TransferService;
import dev.depot.messaging.Inbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps share_grant in step with sharing-service's events: an active share with a user grants its
 * level (download without allow_download is view); anything else (revoked, public-only, upload-only)
 * grants nothing.
 */
@ApplicationScoped
public class ShareListener {

    private static final Set<String> APPLIED = Set.of(EventTypes.SHARE_CREATED, EventTypes.SHARE_UPDATED,
            EventTypes.SHARE_REVOKED);
    private static final Set<String> RESOURCE_TYPES = Set.of("file", "folder");

    private final ShareGrantRepository grants;
    private final Inbox inbox;
    private final TransferService transfers;

    public ShareListener(ShareGrantRepository grants, Inbox inbox, TransferService transfers) {
        this.grants = grants;
        this.inbox = inbox;
        this.transfers = transfers;
    }

    @Incoming("share-events")
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        CloudEvent event = EventCodec.read(json);
        if (!APPLIED.contains(event.type())) {
            return Uni.createFrom().voidItem();
        }
        SharePayload share = EventCodec.data(event, SharePayload.class);
        if (share.shareId() == null) {
            throw new IllegalArgumentException(event.type() + " " + event.id() + " names no share");
        }
        return inbox.firstDelivery("share-grants", event.id()).chain(first -> !first ? Uni.createFrom().voidItem()
                : apply(event, share).call(() -> tickets(event, share)));
    }

    private Uni<Void> apply(CloudEvent event, SharePayload share) {
        ShareGrant grant = EventTypes.SHARE_REVOKED.equals(event.type()) ? null : grantOf(share, event.time());
        if (grant == null) {
            return grants.deleteShare(share.shareId()).replaceWithVoid();
        }
        return grants.upsert(grant).replaceWithVoid();
    }

    /**
     * A public link's download tickets follow it: this is the backstop for a revocation sharing-service
     * could not tell files-service of at once, and how a changed expiry reaches tickets already issued.
     */
    private Uni<Void> tickets(CloudEvent event, SharePayload share) {
        if (!share.isPublic()) {
            return Uni.createFrom().voidItem();
        }
        if (EventTypes.SHARE_REVOKED.equals(event.type())) {
            return transfers.shareRevoked(share.shareId());
        }
        return EventTypes.SHARE_UPDATED.equals(event.type()) ? transfers.shareChanged(share) : Uni.createFrom().voidItem();
    }

    /** The grant an active user share gives; null when it gives none. */
    static ShareGrant grantOf(SharePayload share, OffsetDateTime eventTime) {
        Level level = Level.grantable(share.permissionLevel());
        if (!share.active() || share.sharedWithUserId() == null || level == null || share.resourceId() == null
                || share.ownerId() == null || !RESOURCE_TYPES.contains(share.resourceType())) {
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
        g.updatedAt = eventTime != null ? eventTime.withOffsetSameInstant(ZoneOffset.UTC) : OffsetDateTime.now(ZoneOffset.UTC);
        return g;
    }
}
