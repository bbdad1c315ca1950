package dev.depot.events.payload;

import java.util.UUID;

/** Data of storage.limit_reached: usage crossed the warning threshold (90% of the quota). */
public record StoragePayload(UUID userId, long used, long quota, int percentageUsed) {}
