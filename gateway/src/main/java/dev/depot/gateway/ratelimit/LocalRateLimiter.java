package dev.depot.gateway.ratelimit;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Windows kept in this process: enough for one gateway, and what the others fall back to when Redis is down. */
public final class LocalRateLimiter implements RateLimiter {

    /** Past this many keys, expired windows are swept at once rather than at the next periodic purge. */
    private static final int SWEEP_AT = 100_000;

    private record Window(long count, long resetAt) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public LocalRateLimiter() {
        this(System::currentTimeMillis);
    }

    LocalRateLimiter(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public Future<Count> hit(String key, long windowMillis) {
        return Future.succeededFuture(count(key, windowMillis));
    }

    Count count(String key, long windowMillis) {
        long now = clock.getAsLong();
        Window w = windows.compute(
                key,
                (k, old) -> old == null || old.resetAt() <= now
                        ? new Window(1, now + windowMillis)
                        : new Window(old.count() + 1, old.resetAt()));
        if (windows.size() > SWEEP_AT) {
            purgeExpired();
        }
        return new Count(w.count(), w.resetAt() - now);
    }

    /** Forgets windows that have ended, so memory follows the callers of the last window only. */
    public void purgeExpired() {
        long now = clock.getAsLong();
        windows.values().removeIf(w -> w.resetAt() <= now);
    }

    int size() {
        return windows.size();
    }
}
