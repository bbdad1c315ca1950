package dev.depot.gateway.ratelimit;

import io.vertx.core.Future;

/** Counts requests per key in fixed windows that start with a key's first request. */
public interface RateLimiter {

    /** How many requests the key has made in its current window, this one included, and when the window ends. */
    record Count(long count, long resetInMillis) {}

    Future<Count> hit(String key, long windowMillis);

    default void close() {}
}
