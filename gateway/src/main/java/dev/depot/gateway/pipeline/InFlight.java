package dev.depot.gateway.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Requests on their way to each service, capped: past the cap the gateway answers 503 rather than queue. */
final class InFlight {

    private final int max;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    InFlight(int max) {
        this.max = max;
    }

    /** A slot for one more request to the service, or false when it has as many as it may. */
    boolean tryAcquire(String service) {
        AtomicInteger n = counts.computeIfAbsent(service, s -> new AtomicInteger());
        while (true) {
            int current = n.get();
            if (current >= max) {
                return false;
            }
            if (n.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release(String service) {
        counts.get(service).decrementAndGet();
    }

    int current(String service) {
        AtomicInteger n = counts.get(service);
        return n == null ? 0 : n.get();
    }
}
