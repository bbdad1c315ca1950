package dev.depot.sharing.messaging.outgoing;

import dev.depot.events.Topics;
import dev.depot.events.payload.ShareAccessPayload;
import dev.depot.events.payload.SharePayload;
import dev.depot.messaging.OutboxPublisher;
import dev.depot.messaging.OutboxPublisher.Producer;
import dev.depot.sharing.Share;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Writes sharing-service's events to the outbox, in the caller's transaction; keyed by share. */
@ApplicationScoped
public class SharesEvents {

    static final Producer SHARES = new Producer("depot/sharing-service", Topics.SHARES);

    private final OutboxPublisher publisher;

    public SharesEvents(OutboxPublisher publisher) {
        this.publisher = publisher;
    }

    /** share.created, share.updated or share.revoked, with the share as it now is. */
    public Uni<Void> share(String type, Share s) {
        return publisher.publish(
                SHARES,
                type,
                s.id,
                s.ownerId,
                new SharePayload(
                        s.id,
                        s.ownerId,
                        s.resourceType,
                        s.resourceId,
                        s.sharedWithUserId,
                        s.permissionLevel,
                        s.isPublic,
                        s.expiresAt == null ? null : s.expiresAt.toInstant(),
                        s.allowDownload,
                        s.revokedAt == null));
    }

    public Uni<Void> accessed(String type, Share s, String kind, UUID fileId, UUID userId) {
        return publisher.publish(
                SHARES,
                type,
                s.id,
                s.ownerId,
                new ShareAccessPayload(s.id, s.ownerId, s.resourceType, s.resourceId, kind, fileId, userId));
    }
}
