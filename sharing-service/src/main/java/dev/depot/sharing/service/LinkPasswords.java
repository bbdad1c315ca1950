package dev.depot.sharing.service;

import dev.depot.common.error.ApiException;
import dev.depot.common.redis.SharedRedis;
import dev.depot.sharing.Share;
import dev.depot.sharing.config.PasswordThrottleConfig;
import dev.depot.sharing.config.SharingConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Passwords on links: bcrypt on a worker thread, and a throttle per link and client address so a
 * link cannot be guessed at speed (nor locked for everyone by one guesser): password-attempts wrong
 * guesses in a window that opens with the first of them.
 *
 * With password-throttle.redis-url (DEPOT_REDIS_URL) the guesses are counted in Redis, by every
 * replica together: a hash (count, start of the window) per link and address, updated by one Lua script
 * so that guesses arriving on two replicas at once are both counted, expiring with its window. Each
 * replica also counts its own guesses in memory, and goes by that while Redis cannot be asked (unset,
 * down, slower than redis-timeout): the limit then holds per replica, and a warning says so.
 */
@ApplicationScoped
public class LinkPasswords {

    private static final Logger LOG = Logger.getLogger(LinkPasswords.class);
    private static final int COST = 10;

    /**
     * KEYS[1]: the link and address; ARGV: now (ms), the window (ms). Opens a window with this guess if
     * none is open (or it has passed), else counts the guess in it. Answers {count, window start}.
     */
    private static final String RECORD =
            """
            local start = tonumber(redis.call('HGET', KEYS[1], 'start'))
            if start == nil or start + tonumber(ARGV[2]) < tonumber(ARGV[1]) then
              redis.call('HSET', KEYS[1], 'count', 1, 'start', ARGV[1])
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 1000)
              return {1, tonumber(ARGV[1])}
            end
            return {redis.call('HINCRBY', KEYS[1], 'count', 1), start}
            """;

    private final Vertx vertx;
    private final int attempts;
    private final Duration window;
    private final PasswordThrottleConfig throttle;
    private final Clock clock;
    /** This replica's own wrong guesses: what it goes by while Redis cannot be asked. */
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private SharedRedis redis = SharedRedis.none();

    @Inject
    public LinkPasswords(Vertx vertx, SharingConfig config, PasswordThrottleConfig throttle, Clock clock) {
        this(vertx, config.passwordAttempts(), config.passwordWindow(), throttle, clock);
    }

    LinkPasswords(Vertx vertx, int attempts, Duration window, PasswordThrottleConfig throttle, Clock clock) {
        this.vertx = vertx;
        this.attempts = attempts;
        this.window = window;
        this.throttle = throttle;
        this.clock = clock;
    }

    private record Failures(int count, Instant windowStart) {}

    void init(@Observes StartupEvent start) {
        start();
    }

    void start() {
        redis = SharedRedis.connect(
                vertx.getDelegate(),
                throttle.redisUrl(),
                throttle.redisTimeout(),
                throttle.redisRetryAfter(),
                LOG,
                "Redis is unavailable (%s): wrong link passwords are counted per replica until it answers again",
                "Redis answers again: wrong link passwords are counted across replicas again");
        throttle.redisUrl()
                .filter(url -> !url.isBlank())
                .ifPresentOrElse(
                        url -> LOG.infof(
                                "wrong link passwords are counted across replicas in Redis at %s",
                                SharedRedis.redacted(url)),
                        () -> LOG.info("no depot.sharing.password-throttle.redis-url (DEPOT_REDIS_URL): wrong link"
                                + " passwords are counted per replica"));
    }

    void stop(@Observes ShutdownEvent stop) {
        redis.close();
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password, COST)));
    }

    /** Passes when the share has no password or the right one is given; 401 or 429 otherwise. */
    public Uni<Void> check(Share share, String password, String client) {
        if (share.passwordHash == null) {
            return Uni.createFrom().voidItem();
        }
        String key = share.id + "|" + client;
        return current(key).chain(f -> {
            if (f != null && f.count() >= attempts) {
                long retry = Math.max(
                        1,
                        f.windowStart().plus(window).getEpochSecond()
                                - clock.instant().getEpochSecond());
                return Uni.createFrom()
                        .failure(ApiException.tooManyRequests(
                                "too many wrong passwords for this link; try again later", retry));
            }
            if (password == null || password.isEmpty()) {
                // attempts_left: what the link's page tells its visitor before a guess is spent.
                int left = attempts - (f == null ? 0 : f.count());
                return Uni.createFrom()
                        .failure(new ApiException(
                                401,
                                "PasswordRequired",
                                "this link is protected by a password: send it in the X-Share-Password header",
                                Map.of("attempts_left", left),
                                null));
            }
            return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.matches(password, share.passwordHash)))
                    .chain(ok -> ok ? Uni.createFrom().voidItem() : wrong(key));
        });
    }

    /** Counts a wrong guess and fails with 401 and the attempts left. */
    private Uni<Void> wrong(String key) {
        Instant now = clock.instant();
        Failures mine = failures.merge(
                key,
                new Failures(1, now),
                (old, one) -> expired(old) ? one : new Failures(old.count() + 1, old.windowStart()));
        Uni<Integer> count = redis.usable()
                ? redis.send(Request.cmd(Command.EVAL)
                                .arg(RECORD)
                                .arg(1)
                                .arg(throttle.keyPrefix() + key)
                                .arg(now.toEpochMilli())
                                .arg(window.toMillis()))
                        .map(r -> r.get(0).toInteger())
                        .onFailure()
                        .recoverWithItem(mine.count())
                : Uni.createFrom().item(mine.count());
        return count.chain(n -> Uni.createFrom()
                .failure(new ApiException(
                        401,
                        "PasswordRequired",
                        "the password for this link is not right",
                        Map.of("attempts_left", Math.max(0, attempts - n)),
                        null)));
    }

    /** The open window's guesses for the link and address, or null when none is open. */
    private Uni<Failures> current(String key) {
        if (!redis.usable()) {
            return Uni.createFrom().item(() -> inMemory(key));
        }
        return redis.send(Request.cmd(Command.HMGET)
                        .arg(throttle.keyPrefix() + key)
                        .arg("count")
                        .arg("start"))
                .map(this::fromRedis)
                .onFailure()
                .recoverWithItem(() -> inMemory(key));
    }

    private Failures fromRedis(Response fields) {
        Response count = fields.get(0);
        Response start = fields.get(1);
        if (count == null || start == null) {
            return null;
        }
        Failures f = new Failures(count.toInteger(), Instant.ofEpochMilli(start.toLong()));
        return expired(f) ? null : f;
    }

    private Failures inMemory(String key) {
        Failures f = failures.get(key);
        return f == null || expired(f) ? null : f;
    }

    private boolean expired(Failures f) {
        return f.windowStart().plus(window).isBefore(clock.instant());
    }

    /**
     * Drops windows that have passed. Only this process's memory: safe on every replica at once
     * (Redis drops its own entries with PEXPIRE).
     */
    @Scheduled(every = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldFailures() {
        failures.values().removeIf(this::expired);
    }
}
