package dev.depot.events.payload;

import java.util.UUID;

/**
 * Data of share.accessed: someone used a link. {@code kind} is view, download or upload;
 * {@code fileId} is the file downloaded or dropped, {@code userId} the signed-in user if any.
 */
public record ShareAccessPayload(
        UUID shareId, UUID ownerId, String resourceType, UUID resourceId, String kind, UUID fileId, UUID userId) {}
