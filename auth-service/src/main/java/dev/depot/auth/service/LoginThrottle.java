package dev.depot.auth.service;

import dev.depot.auth.config.AuthConfig;
import dev.depot.common.error.ApiException;
import io.quarkus.scheduler.Scheduled;
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
 * Counts failed sign-ins in sliding windows: per account and client address (5 in 15 minutes by
 * default), per address (20, whatever the accounts) and per account from every address together (50).
 * Past a limit, sign-ins that it covers are refused (429, Retry-After) until its oldest failure leaves
 * the window; each failure also holds the next 401 back a little longer.
 *
 * A stranger guessing from one address therefore only locks that address out of that account: the
 * owner, from anywhere else, still signs in. Only guessing spread over ten addresses or more reaches the
 * per-account ceiling, which bounds it at 50 guesses per window; the account then waits too.
 *
 * The client address is the gateway's X-Forwarded-For (see ClientInfo). Kept in memory: with several
 * auth-service replicas each counts its own share, which still bounds guessing to limit x replicas.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Duration MAX_DELAY = Duration.ofSeconds(2);

    private final int maxPerAccountAndAddress;
    private final int maxPerAddress;
    private final int maxPerAccount;
    private final Duration window;
    private final Duration step;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(AuthConfig config, Clock clock) {
        AuthConfig.LoginThrottle limits = config.loginThrottle();
        this.maxPerAccountAndAddress = limits.maxFailuresPerAccountAndAddress();
        this.maxPerAddress = limits.maxFailuresPerAddress();
        this.maxPerAccount = limits.maxFailuresPerAccount();
        this.window = limits.window();
        this.step = limits.delayStep();
        this.clock = clock;
    }

    /**
     * Whom failures are counted against: the account whatever name it was given by (username or email),
     * else the login as given, so that guesses at names that do not exist are limited the same way.
     */
    public static String account(java.util.UUID userId, String login) {
        return userId != null
                ? userId.toString()
                : "unknown:" + (login == null ? "" : login.trim().toLowerCase(Locale.ROOT));
    }

    /** Refuses with 429 and Retry-After (header and {@code details.retry_after}) while a limit is reached. */
    public void check(String account, String address) {
        long wait = Math.max(
                retryAfter(pairKey(account, address), maxPerAccountAndAddress),
                Math.max(
                        retryAfter(addressKey(address), maxPerAddress),
                        retryAfter(accountKey(account), maxPerAccount)));
        if (wait > 0) {
            throw new ApiException(
                    429,
                    "TooManyRequests",
                    "too many failed sign-in attempts; try again in " + wait + " s",
                    Map.of("retry_after", wait),
                    wait);
        }
    }

    /** Records a failure and answers how long to hold the 401 back. */
    public Duration failed(String account, String address) {
        int n = Math.max(
                record(pairKey(account, address)), Math.max(record(addressKey(address)), record(accountKey(account))));
        Duration delay = step.multipliedBy(n);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /**
     * Forgets this address's failures for the account. The address's and the account's own counts stay:
     * one right password must not buy a guesser a fresh allowance.
     */
    public void succeeded(String account, String address) {
        failures.remove(pairKey(account, address));
    }

    /** Drops windows that emptied, so that made-up logins and addresses do not pile up. */
    @Scheduled(every = "5m", delayed = "5m")
    void forgetOldFailures() {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue());
                return e.getValue().isEmpty();
            }
        });
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
            // The failure whose leaving brings the count back under the limit.
            Instant freeing =
                    times.stream().skip(times.size() - maxFailures).findFirst().orElseThrow();
            return Math.max(
                    1, Duration.between(clock.instant(), freeing.plus(window)).toSeconds() + 1);
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

    private static String accountKey(String account) {
        return "account:" + account;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static String pairKey(String account, String address) {
        return "pair:" + address + ":" + account;
    }
}
