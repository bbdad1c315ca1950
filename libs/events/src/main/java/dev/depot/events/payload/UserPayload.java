package dev.depot.events.payload;

import java.util.UUID;

/** Data of {@code user.registered} and {@code user.logged_in}: who, how they came in, their quota. */
public record UserPayload(UUID userId, String username, String email, String method, Long storageQuota) {
}
