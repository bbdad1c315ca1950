package dev.depot.system.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What is valid for one user, by kind: their files, folders, trash, shares, public link tokens,
 * webhooks, API tokens, upload sessions, tickets and their own name. The fuzzer puts these where a
 * value belongs, so that requests get past "not found" and into the checks that come after.
 */
public final class Pools {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    public Pools add(String kind, String value) {
        if (value != null) {
            values.computeIfAbsent(kind, k -> new ArrayList<>()).add(value);
        }
        return this;
    }

    public List<String> all(String kind) {
        return values.getOrDefault(kind, List.of());
    }

    public String first(String kind) {
        List<String> list = all(kind);
        return list.isEmpty() ? null : list.get(0);
    }

    /** One of the kind, or null when this user has none. */
    public String pick(Random r, String kind) {
        List<String> list = all(kind);
        return list.isEmpty() ? null : list.get(r.nextInt(list.size()));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(k).append('=').append(v.size()).append(' '));
        return b.toString().trim();
    }
}
