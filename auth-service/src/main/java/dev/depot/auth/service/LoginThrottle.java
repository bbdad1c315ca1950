package dev.depot.auth.service;

import dev.depot.auth.config.AuthConfig;
import dev.depot.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per account and per client address in a sliding window. Each failure slows
 * the next answer a little; past the limit, logins for that account or from that address are
 * refused (429) until the oldest failure leaves the window.
 *
 * Kept in memory: with several auth-service replicas each counts its own share, which still bounds
 * guessing to limit x replicas per window.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Duration MAX_DELAY = Duration.ofSeconds(2);

    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Duration window;
    private final Duration step;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(AuthConfig config) {
        this.maxPerAccount = config.loginThrottle().maxFailuresPerAccount();
        this.maxPerAddress = config.loginThrottle().maxFailuresPerAddress();
        this.window = config.loginThrottle().window();
        this.step = config.loginThrottle().delayStep();
        this.clock = Clock.systemUTC();
    }

    /** Refuses with 429 and Retry-After when the account or the address is over the limit. */
    public void check(String login, String address) {
        long wait = Math.max(retryAfter(accountKey(login), maxPerAccount),
                retryAfter(addressKey(address), maxPerAddress));
        if (wait > 0) {
            throw ApiException.tooManyRequests("too many failed sign-in attempts; try again later", wait);
        }
    }

    /** Records a failure and answers how long to hold the 401 back. */
    public Duration failed(String login, String address) {
        int n = Math.max(record(accountKey(login)), record(addressKey(address)));
        Duration delay = step.multipliedBy(n);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    public void succeeded(String login) {
        failures.remove(accountKey(login));
    }

    private long retryAfter(String key, int maxFailures) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            prune(times);
            if (times.size() < maxFailures) {
                return 0;
            }
            return Math.max(1, Duration.between(clock.instant(), times.peekFirst().plus(window)).toSeconds() + 1);
        }
    }

    private int record(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.instant());
            return times.size();
        }
    }

    private void prune(Deque<Instant> times) {
        Instant cutoff = clock.instant().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
            times.removeFirst();
        }
    }

    private static String accountKey(String login) {
        return "account:" + (login == null ? "" : login.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
