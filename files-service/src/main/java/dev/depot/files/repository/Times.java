package dev.depot.files.repository;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Timestamps from native queries arrive in whichever Java type the driver picked. */
final class Times {

    private Times() {}

    static OffsetDateTime utc(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof Instant t) {
            return t.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime t) {
            return t.atOffset(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass());
    }
}
