package dev.depot.events.payload;

import java.time.Instant;
import java.util.UUID;

/**
 * Data of share.created, share.updated and share.revoked: the share as it is after the change.
 * {@code active} is false once it is revoked; files-service keeps a grant for each active share
 * with a {@code sharedWithUserId}.
 */
public record SharePayload(
        UUID shareId,
        UUID ownerId,
        String resourceType,
        UUID resourceId,
        UUID sharedWithUserId,
        String permissionLevel,
        boolean isPublic,
        Instant expiresAt,
        boolean allowDownload,
        boolean active) {}
