package dev.depot.events.payload;

import java.util.UUID;

/**
 * Data of {@code user.registered} and {@code user.logged_in}: who, how they came in, their quota, and how
 * they present themselves ({@code displayName}, {@code avatarUrl}: added later, absent from older events).
 */
public record UserPayload(
        UUID userId,
        String username,
        String email,
        String method,
        Long storageQuota,
        String displayName,
        String avatarUrl) {

    public UserPayload(UUID userId, String username, String email, String method, Long storageQuota) {
        this(userId, username, email, method, storageQuota, null, null);
    }
}
