package dev.depot.sharing.service;

import dev.depot.common.error.ApiException;
import dev.depot.sharing.Share;
import dev.depot.sharing.config.SharingConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passwords on links: bcrypt on a worker thread, and a throttle per link and client address so a
 * link cannot be guessed at speed (nor locked for everyone by one guesser).
 */
@ApplicationScoped
public class LinkPasswords {

    private static final int COST = 10;

    private final Vertx vertx;
    private final SharingConfig config;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LinkPasswords(Vertx vertx, SharingConfig config, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
    }

    private record Failures(int count, Instant windowStart) {}

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password, COST)));
    }

    /** Passes when the share has no password or the right one is given; 401 or 429 otherwise. */
    public Uni<Void> check(Share share, String password, String client) {
        if (share.passwordHash == null) {
            return Uni.createFrom().voidItem();
        }
        String key = share.id + "|" + client;
        Failures f = current(key);
        if (f != null && f.count() >= config.passwordAttempts()) {
            long retry = Math.max(
                    1,
                    f.windowStart().plus(config.passwordWindow()).getEpochSecond()
                            - clock.instant().getEpochSecond());
            return Uni.createFrom()
                    .failure(ApiException.tooManyRequests(
                            "too many wrong passwords for this link; try again later", retry));
        }
        if (password == null || password.isEmpty()) {
            // attempts_left: what the link's page tells its visitor before a guess is spent.
            int left = config.passwordAttempts() - (f == null ? 0 : f.count());
            return Uni.createFrom()
                    .failure(new ApiException(
                            401,
                            "PasswordRequired",
                            "this link is protected by a password: send it in the X-Share-Password header",
                            Map.of("attempts_left", left),
                            null));
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.matches(password, share.passwordHash)))
                .invoke(ok -> {
                    if (!ok) {
                        Failures now = failures.merge(
                                key,
                                new Failures(1, clock.instant()),
                                (old, one) -> expired(old) ? one : new Failures(old.count() + 1, old.windowStart()));
                        int left = Math.max(0, config.passwordAttempts() - now.count());
                        throw new ApiException(
                                401,
                                "PasswordRequired",
                                "the password for this link is not right",
                                Map.of("attempts_left", left),
                                null);
                    }
                })
                .replaceWithVoid();
    }

    private Failures current(String key) {
        Failures f = failures.get(key);
        return f == null || expired(f) ? null : f;
    }

    private boolean expired(Failures f) {
        return f.windowStart().plus(config.passwordWindow()).isBefore(clock.instant());
    }

    @Scheduled(every = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldFailures() {
        failures.values().removeIf(this::expired);
    }
}
