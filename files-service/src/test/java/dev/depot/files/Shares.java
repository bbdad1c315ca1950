package dev.depot.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.SharePayload;
import dev.depot.testing.TestKafka;
import java.time.Instant;
import java.util.UUID;
import java.util.function.IntSupplier;

/** Share events as sharing-service publishes them, sent through the real broker. */
public final class Shares {

    private Shares() {}

    /** A user share of {@code level} on a file or folder, active, downloads allowed, no expiry. */
    public static SharePayload user(UUID owner, String type, String resourceId, UUID grantee, String level) {
        return new SharePayload(
                UUID.randomUUID(), owner, type, UUID.fromString(resourceId), grantee, level, false, null, true, true);
    }

    public static SharePayload withLevel(SharePayload s, String level) {
        return new SharePayload(
                s.shareId(),
                s.ownerId(),
                s.resourceType(),
                s.resourceId(),
                s.sharedWithUserId(),
                level,
                s.isPublic(),
                s.expiresAt(),
                s.allowDownload(),
                s.active());
    }

    public static SharePayload expiring(SharePayload s, Instant expiresAt) {
        return new SharePayload(
                s.shareId(),
                s.ownerId(),
                s.resourceType(),
                s.resourceId(),
                s.sharedWithUserId(),
                s.permissionLevel(),
                s.isPublic(),
                expiresAt,
                s.allowDownload(),
                s.active());
    }

    public static SharePayload revoked(SharePayload s) {
        return new SharePayload(
                s.shareId(),
                s.ownerId(),
                s.resourceType(),
                s.resourceId(),
                s.sharedWithUserId(),
                s.permissionLevel(),
                s.isPublic(),
                s.expiresAt(),
                s.allowDownload(),
                false);
    }

    public static String event(String type, SharePayload s) {
        return EventCodec.write(CloudEvent.of(
                "depot/sharing-service", type, s.shareId().toString(), s.ownerId(), EventCodec.toData(s)));
    }

    /** Sends the event JSON keyed by the share id, as sharing-service's relay does. */
    public static void send(SharePayload s, String json) {
        TestKafka.send(Topics.SHARES, s.shareId().toString(), json);
    }

    public static SharePayload created(SharePayload s) {
        send(s, event(EventTypes.SHARE_CREATED, s));
        return s;
    }

    public static void updated(SharePayload s) {
        send(s, event(EventTypes.SHARE_UPDATED, s));
    }

    public static void revoke(SharePayload s) {
        send(s, event(EventTypes.SHARE_REVOKED, revoked(s)));
    }

    /** Polls until {@code probe} answers {@code status}: events take a moment to arrive. */
    public static void await(String what, IntSupplier probe, int status) {
        Instant deadline = Instant.now().plusSeconds(30);
        int seen = -1;
        while (Instant.now().isBefore(deadline)) {
            seen = probe.getAsInt();
            if (seen == status) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(seen).as(what).isEqualTo(status);
    }
}
