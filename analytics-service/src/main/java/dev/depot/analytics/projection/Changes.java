package dev.depot.analytics.projection;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The row changes that events make to the read models, one parameter tuple per statement execution.
 * The changes of many events are merged and written statement by statement ({@link ReadModelWriter}):
 * each statement keeps the order of its own tuples, and the statements are written so that their order
 * among each other does not matter (guards on event time, sums for counters).
 */
public final class Changes {

    /** Every kind of change, in the order the writer runs them (names are looked up by activity last). */
    public enum Kind {
        FOLDER,
        FILE,
        FILE_COUNTERS,
        FILE_DAILY,
        OWNER_DAILY,
        JOB,
        USER,
        ACTIVITY,
        DELIVERY
    }

    private final Map<Kind, List<Tuple>> tuples = new EnumMap<>(Kind.class);

    void add(Kind kind, Object... values) {
        tuples.computeIfAbsent(kind, k -> new ArrayList<>()).add(Tuple.from(Arrays.asList(values)));
    }

    public void addAll(Changes other) {
        other.tuples.forEach((kind, list) ->
                tuples.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(list));
    }

    public List<Tuple> of(Kind kind) {
        return tuples.getOrDefault(kind, List.of());
    }

    public boolean isEmpty() {
        return tuples.isEmpty();
    }
}
