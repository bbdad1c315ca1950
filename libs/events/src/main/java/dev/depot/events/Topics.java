package dev.depot.events;

import java.util.Map;

/**
 * Kafka topics, one per producing domain. Events are keyed by the resource they are about.
 *
 * <p>The domain topics ({@link #AUTH}, {@link #FILES}, {@link #SHARES}, {@link #PROCESSING}) are public: outside
 * consumers may read them, and they carry ids, never personal data. Each domain that knows personal data
 * (a user's email, a request's client address and user agent) also writes every event whole to an internal
 * twin, which only Depot's own services read.
 */
public final class Topics {
    public static final String AUTH = "depot.auth";
    public static final String FILES = "depot.files";
    public static final String SHARES = "depot.shares";
    public static final String PROCESSING = "depot.processing";

    public static final String INTERNAL_AUTH = "depot.internal.auth";
    public static final String INTERNAL_FILES = "depot.internal.files";
    public static final String INTERNAL_SHARES = "depot.internal.shares";

    private static final Map<String, String> INTERNAL =
            Map.of(AUTH, INTERNAL_AUTH, FILES, INTERNAL_FILES, SHARES, INTERNAL_SHARES);

    private Topics() {}

    /** The internal twin of a public domain topic, or null when it has none. */
    public static String internalOf(String topic) {
        return INTERNAL.get(topic);
    }
}
