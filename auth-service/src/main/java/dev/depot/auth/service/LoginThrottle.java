package dev.depot.auth.service;

import dev.depot.auth.config.AuthConfig;
import dev.depot.common.error.ApiException;
import dev.depot.common.redis.SharedRedis;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

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
 * The client address is the gateway's X-Forwarded-For (see ClientInfo).
 *
 * Where the failures are kept: with login-throttle.redis-url (DEPOT_REDIS_URL), in Redis, shared by
 * every replica: one sorted set of failure times per window, pruned, added to and counted by one Lua
 * script, so failures arriving on two replicas at once are both counted; each set expires a window
 * after its last failure. Every replica also counts its own failures in memory, which is what it goes
 * by while Redis cannot be asked (unset, down, slower than redis-timeout): the limits then hold per
 * replica, as they did before there were several, and a warning says so.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
    private static final Duration MAX_DELAY = Duration.ofSeconds(2);

    /**
     * KEYS: the windows a failure counts in; ARGV: now (ms), the exclusive cutoff ("(" + now - window),
     * the window (ms), a member unique to this failure. Answers the largest count, this failure included.
     */
    private static final String RECORD =
            """
            local most = 0
            for _, key in ipairs(KEYS) do
              redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[2])
              redis.call('ZADD', key, ARGV[1], ARGV[4])
              redis.call('PEXPIRE', key, ARGV[3])
              local n = redis.call('ZCARD', key)
              if n > most then most = n end
            end
            return most
            """;

    /**
     * KEYS: the windows; ARGV: the exclusive cutoff, then each window's limit. Answers per window the
     * time (ms) of the failure whose leaving brings its count back under the limit, or -1 under it.
     */
    private static final String CHECK =
            """
            local out = {}
            for i, key in ipairs(KEYS) do
              redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[1])
              local n = redis.call('ZCARD', key)
              local limit = tonumber(ARGV[i + 1])
              if n >= limit then
                local oldest = redis.call('ZRANGE', key, n - limit, n - limit, 'WITHSCORES')
                out[i] = tonumber(oldest[2])
              else
                out[i] = -1
              end
            end
            return out
            """;

    private final AuthConfig.LoginThrottle limits;
    private final int maxPerAccountAndAddress;
    private final int maxPerAddress;
    private final int maxPerAccount;
    private final Duration window;
    private final Duration step;
    private final Clock clock;
    /** This replica's own failures: what it goes by while Redis cannot be asked. */
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    private SharedRedis redis = SharedRedis.none();

    @Inject
    public LoginThrottle(AuthConfig config, Clock clock) {
        this(config.loginThrottle(), clock);
    }

    LoginThrottle(AuthConfig.LoginThrottle limits, Clock clock) {
        this.limits = limits;
        this.maxPerAccountAndAddress = limits.maxFailuresPerAccountAndAddress();
        this.maxPerAddress = limits.maxFailuresPerAddress();
        this.maxPerAccount = limits.maxFailuresPerAccount();
        this.window = limits.window();
        this.step = limits.delayStep();
        this.clock = clock;
    }

    void init(@Observes StartupEvent start, Vertx vertx) {
        start(vertx);
    }

    void start(Vertx vertx) {
        redis = SharedRedis.connect(
                vertx,
                limits.redisUrl(),
                limits.redisTimeout(),
                limits.redisRetryAfter(),
                LOG,
                "Redis is unavailable (%s): failed sign-ins are counted per replica until it answers again",
                "Redis answers again: failed sign-ins are counted across replicas again");
        limits.redisUrl()
                .filter(url -> !url.isBlank())
                .ifPresentOrElse(
                        url -> LOG.infof(
                                "failed sign-ins are counted across replicas in Redis at %s",
                                SharedRedis.redacted(url)),
                        () -> LOG.info("no depot.auth.login-throttle.redis-url (DEPOT_REDIS_URL): failed sign-ins are"
                                + " counted per replica"));
    }

    void stop(@Observes ShutdownEvent stop) {
        redis.close();
    }

    /**
     * Whom failures are counted against: the account whatever name it was given by (username or email),
     * else the login as given, so that guesses at names that do not exist are limited the same way.
     */
    public static String account(UUID userId, String login) {
        return userId != null
                ? userId.toString()
                : "unknown:" + (login == null ? "" : login.trim().toLowerCase(Locale.ROOT));
    }

    /** Fails with 429 and Retry-After (header and {@code details.retry_after}) while a limit is reached. */
    public Uni<Void> check(String account, String address) {
        List<String> keys = keys(account, address);
        Uni<Long> wait = redis.usable()
                ? redis.send(checkIn(keys)).map(this::waitFrom).onFailure().recoverWithItem(() -> waitInMemory(keys))
                : Uni.createFrom().item(() -> waitInMemory(keys));
        return wait.chain(seconds -> seconds > 0
                ? Uni.createFrom()
                        .failure(new ApiException(
                                429,
                                "TooManyRequests",
                                "too many failed sign-in attempts; try again in " + seconds + " s",
                                Map.of("retry_after", seconds),
                                seconds))
                : Uni.createFrom().voidItem());
    }

    /** Records a failure and answers how long to hold the 401 back. */
    public Uni<Duration> failed(String account, String address) {
        List<String> keys = keys(account, address);
        Instant now = clock.instant();
        int inMemory = keys.stream().mapToInt(key -> record(key, now)).max().orElse(0);
        Uni<Integer> count = redis.usable()
                ? redis.send(recordIn(keys, now))
                        .map(Response::toInteger)
                        .onFailure()
                        .recoverWithItem(inMemory)
                : Uni.createFrom().item(inMemory);
        return count.map(n -> {
            Duration delay = step.multipliedBy(n);
            return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
        });
    }

    /**
     * Forgets this address's failures for the account. The address's and the account's own counts stay:
     * one right password must not buy a guesser a fresh allowance.
     */
    public Uni<Void> succeeded(String account, String address) {
        String pair = pairKey(account, address);
        failures.remove(pair);
        if (!redis.usable()) {
            return Uni.createFrom().voidItem();
        }
        return redis.send(Request.cmd(Command.DEL).arg(limits.keyPrefix() + pair))
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }

    /**
     * Drops windows that emptied, so that made-up logins and addresses do not pile up. Only this
     * process's memory: safe on every replica at once (Redis drops its own with PEXPIRE).
     */
    @Scheduled(every = "5m", delayed = "5m")
    void forgetOldFailures() {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue());
                return e.getValue().isEmpty();
            }
        });
    }

    private Request checkIn(List<String> keys) {
        Request eval = Request.cmd(Command.EVAL).arg(CHECK).arg(keys.size());
        keys.forEach(key -> eval.arg(limits.keyPrefix() + key));
        return eval.arg("(" + clock.instant().minus(window).toEpochMilli())
                .arg(maxPerAccountAndAddress)
                .arg(maxPerAddress)
                .arg(maxPerAccount);
    }

    private Request recordIn(List<String> keys, Instant now) {
        Request eval = Request.cmd(Command.EVAL).arg(RECORD).arg(keys.size());
        keys.forEach(key -> eval.arg(limits.keyPrefix() + key));
        return eval.arg(now.toEpochMilli())
                .arg("(" + now.minus(window).toEpochMilli())
                .arg(window.toMillis())
                .arg(now.toEpochMilli() + ":" + UUID.randomUUID());
    }

    /** The longest wait of the windows Redis answered for. */
    private long waitFrom(Response freeing) {
        long wait = 0;
        for (Response at : freeing) {
            long millis = at.toLong();
            if (millis >= 0) {
                wait = Math.max(wait, secondsUntilFree(Instant.ofEpochMilli(millis)));
            }
        }
        return wait;
    }

    private long waitInMemory(List<String> keys) {
        return Math.max(
                retryAfter(keys.get(0), maxPerAccountAndAddress),
                Math.max(retryAfter(keys.get(1), maxPerAddress), retryAfter(keys.get(2), maxPerAccount)));
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
            return secondsUntilFree(freeing);
        }
    }

    private long secondsUntilFree(Instant freeing) {
        return Math.max(
                1, Duration.between(clock.instant(), freeing.plus(window)).toSeconds() + 1);
    }

    private int record(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(now);
            return times.size();
        }
    }

    private void prune(Deque<Instant> times) {
        Instant cutoff = clock.instant().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
            times.removeFirst();
        }
    }

    /** The windows, in the order of their limits: the pair, the address, the account. */
    private static List<String> keys(String account, String address) {
        return List.of(pairKey(account, address), "address:" + address, "account:" + account);
    }

    private static String pairKey(String account, String address) {
        return "pair:" + address + ":" + account;
    }
}
