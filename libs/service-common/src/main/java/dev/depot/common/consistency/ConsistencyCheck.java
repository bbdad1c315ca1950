package dev.depot.common.consistency;

import java.util.List;

/**
 * One invariant of a service's data. {@code sql} selects one text column, a line per violation
 * (empty when the invariant holds); it runs read-only, so it may be as slow as it needs to be.
 */
public record ConsistencyCheck(String name, String description, String sql) {

    /** What a check found: how many violations and the first few of them. */
    public record Finding(String check, String description, long problems, List<String> examples) {}
}
