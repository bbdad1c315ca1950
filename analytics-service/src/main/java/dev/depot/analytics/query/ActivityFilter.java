package dev.depot.analytics.query;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the activity list can be narrowed to; null (or empty) fields do not narrow. A plain value, so
 * that the resource reading it from the request and the repository turning it into a query share it
 * without either depending on the other.
 */
public record ActivityFilter(
        List<String> actions, String resourceType, String resourceId, OffsetDateTime from, OffsetDateTime before) {
    public static final ActivityFilter NONE = new ActivityFilter(List.of(), null, null, null, null);
}
