package dev.depot.gateway.ratelimit;

import dev.depot.gateway.RedisOutage;
import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.core.Policy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Applies each policy's limit to a caller: in Redis when one is configured (the limit holds across
 * replicas), else in memory. When Redis fails or is slow the gateway fails open: it keeps serving,
 * counts in its own memory (limits then hold per replica), logs once, and tries Redis again shortly.
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);

    /** The outcome for one request; {@code resetAtMillis} is wall-clock time. */
    public record Decision(int limit, long remaining, long resetAtMillis, boolean allowed) {

        /** Whole seconds until the window ends, at least 1: what Retry-After says. */
        public long retryAfterSeconds() {
            return Math.max(1, (resetAtMillis - System.currentTimeMillis() + 999) / 1000);
        }

        /** The epoch second the window ends, as X-RateLimit-Reset says. */
        public long resetEpochSeconds() {
            return (resetAtMillis + 999) / 1000;
        }
    }

    private final GatewayConfig.RateLimit config;
    private final LocalRateLimiter local = new LocalRateLimiter();
    private RateLimiter redis;
    private RedisOutage outage;

    @Inject
    public RateLimits(GatewayConfig config) {
        this(config.rateLimit());
    }

    RateLimits(GatewayConfig.RateLimit config) {
        this.config = config;
    }

    void init(@Observes StartupEvent start, Vertx vertx) {
        start(vertx);
    }

    void start(Vertx vertx) {
        this.outage = new RedisOutage(
                vertx,
                LOG,
                config.redisTimeout(),
                config.redisRetryAfter(),
                "Redis is unavailable (%s): serving on, with rate limits counted in this replica's memory until it"
                        + " answers again",
                "Redis answers again: rate limits are shared across replicas again");
        if (config.enabled() && config.redisUrl().isPresent()) {
            redis = new RedisRateLimiter(vertx, config.redisUrl().get(), config.keyPrefix());
            LOG.infof(
                    "rate limits are shared through Redis at %s",
                    redacted(config.redisUrl().get()));
        } else if (config.enabled()) {
            LOG.info("rate limits are kept in memory (no depot.gateway.rate-limit.redis-url): they hold per replica");
        }
        vertx.setPeriodic(30_000, id -> local.purgeExpired());
    }

    void stop(@Observes ShutdownEvent stop) {
        close();
    }

    void close() {
        if (redis != null) {
            redis.close();
        }
    }

    /** Counts this request for the caller; null when the policy has no limit. */
    public Future<Decision> check(Policy policy, String caller) {
        if (!config.enabled() || policy.rateLimit() <= 0) {
            return Future.succeededFuture();
        }
        String key = policy.name() + ":" + caller;
        long window = policy.window().toMillis();
        Future<RateLimiter.Count> counted;
        if (redis != null && outage.mayAsk()) {
            counted = outage.ask(redis.hit(key, window)).recover(e -> local.hit(key, window));
        } else {
            counted = local.hit(key, window);
        }
        return counted.map(c -> {
            long resetAt = System.currentTimeMillis() + Math.max(0, c.resetInMillis());
            return new Decision(
                    policy.rateLimit(),
                    Math.max(0, policy.rateLimit() - c.count()),
                    resetAt,
                    c.count() <= policy.rateLimit());
        });
    }

    private static String redacted(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
