package dev.depot.sharing.messaging;

import dev.depot.common.web.ClientInfo;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.events.payload.ShareAccessPayload;
import dev.depot.events.payload.SharePayload;
import dev.depot.messaging.Outbox;
import dev.depot.sharing.Share;
import io.quarkus.arc.Arc;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Writes sharing-service's events to the outbox, in the caller's transaction; keyed by share. */
@ApplicationScoped
public class SharesEvents {

    static final String SOURCE = "depot/sharing-service";

    private final Outbox outbox;
    private final ClientInfo client;

    public SharesEvents(Outbox outbox, ClientInfo client) {
        this.outbox = outbox;
        this.client = client;
    }

    /** share.created, share.updated or share.revoked, with the share as it now is. */
    public Uni<Void> share(String type, Share s) {
        return publish(type, s, new SharePayload(s.id, s.ownerId, s.resourceType, s.resourceId, s.sharedWithUserId,
                s.permissionLevel, s.isPublic, s.expiresAt == null ? null : s.expiresAt.toInstant(), s.allowDownload,
                s.revokedAt == null));
    }

    public Uni<Void> accessed(String type, Share s, String kind, UUID fileId, UUID userId) {
        return publish(type, s, new ShareAccessPayload(s.id, s.ownerId, s.resourceType, s.resourceId, kind, fileId, userId));
    }

    private Uni<Void> publish(String type, Share s, Object payload) {
        CloudEvent event = CloudEvent.of(SOURCE, type, s.id.toString(), s.ownerId, EventCodec.toData(payload));
        if (Arc.container().requestContext().isActive() && client.address() != null) {
            event = event.withClient(client.address(), client.userAgent()).withTrace(client.traceparent());
        }
        return outbox.append(Topics.SHARES, event);
    }
}
