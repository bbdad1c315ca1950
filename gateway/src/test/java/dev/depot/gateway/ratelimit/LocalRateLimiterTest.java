package dev.depot.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LocalRateLimiter limiter = new LocalRateLimiter(now::get);

    @Test
    void countsPerKeyWithinAWindowThatStartsAtTheFirstRequest() {
        assertThat(limiter.count("a", 60_000)).isEqualTo(new RateLimiter.Count(1, 60_000));
        now.addAndGet(10_000);
        assertThat(limiter.count("a", 60_000)).isEqualTo(new RateLimiter.Count(2, 50_000));
        assertThat(limiter.count("b", 60_000)).isEqualTo(new RateLimiter.Count(1, 60_000));
    }

    @Test
    void aNewWindowStartsFromOneWhenTheOldOneHasEnded() {
        for (int i = 0; i < 5; i++) {
            limiter.count("a", 1_000);
        }
        now.addAndGet(1_000);
        assertThat(limiter.count("a", 1_000)).isEqualTo(new RateLimiter.Count(1, 1_000));
    }

    @Test
    void endedWindowsAreForgotten() {
        limiter.count("a", 1_000);
        limiter.count("b", 5_000);
        now.addAndGet(2_000);
        limiter.purgeExpired();
        assertThat(limiter.size()).isEqualTo(1);
    }
}
