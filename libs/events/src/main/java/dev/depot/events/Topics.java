package dev.depot.events;

/** Kafka topics, one per producing domain. Events are keyed by the resource they are about. */
public final class Topics {
    public static final String AUTH = "depot.auth";
    public static final String FILES = "depot.files";
    public static final String SHARES = "depot.shares";
    public static final String PROCESSING = "depot.processing";

    private Topics() {
    }
}
