package dev.depot.gateway.identity;

import dev.depot.gateway.RedisOutage;
import dev.depot.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The logins auth-service has ended (sign-out, refresh token reuse, password change), listed in Redis
 * as {@code <prefix><sid>} for as long as their access tokens could live. Redis is asked for every
 * request whose token names a login, so an ended one is refused at once by every replica; a login
 * found ended is remembered here until its token expires (an ending is final), sparing Redis repeats.
 *
 * Fails open. Without Redis configured nothing is revoked: tokens are good until they expire. When
 * Redis fails or answers later than redis-timeout, the request goes on unchecked, a warning is logged
 * once, and Redis is asked again after redis-retry-after: refusing every signed-in request while Redis
 * is down would make a cache outage a full outage, and what it leaves open is what was open before
 * logins could be revoked (the 15 minutes of an access token).
 */
@ApplicationScoped
public class RevokedLogins {

    private static final Logger LOG = Logger.getLogger(RevokedLogins.class);
    private static final int MAX_REMEMBERED = 10_000;
    /** auth-service's routes that begin or end logins; none of them uses the access token it may be sent. */
    private static final java.util.Set<String> SIGN_IN_AND_OUT = java.util.Set.of(
            "/api/auth/login", "/api/auth/register", "/api/auth/refresh", "/api/auth/logout", "/api/auth/retrieve");

    /** Raised for a request whose token belongs to an ended login: answered 401. */
    public static final class LoginEnded extends RuntimeException {
        public LoginEnded() {
            super("the login this token belongs to has ended", null, false, false);
        }
    }

    /**
     * Where a token of an ended login is passed on all the same: a browser still sends its stale
     * access cookie, and must be able to sign in (or out) again with it in the jar.
     */
    public static boolean signsInOrOut(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return SIGN_IN_AND_OUT.contains(p) || p.startsWith("/api/slack/");
    }

    private final GatewayConfig.Revocation config;
    /** Ended logins already seen, until their token expires. */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();

    private Redis redis;
    private RedisAPI api;
    private RedisOutage outage;

    @Inject
    public RevokedLogins(GatewayConfig config) {
        this(config.revocation());
    }

    RevokedLogins(GatewayConfig.Revocation config) {
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
                "Redis is unavailable (%s): requests go on without checking for ended logins until it answers again",
                "Redis answers again: tokens of ended logins are refused again");
        String url = config.redisUrl().orElse(null);
        if (url == null) {
            LOG.info("no depot.gateway.revocation.redis-url (DEPOT_REDIS_URL): tokens of ended logins are good"
                    + " until they expire");
            return;
        }
        redis = Redis.createClient(
                vertx,
                new RedisOptions()
                        .setConnectionString(url)
                        .setMaxPoolSize(16)
                        .setMaxPoolWaiting(4096)
                        .setMaxWaitingHandlers(4096)
                        .setNetClientOptions(
                                new NetClientOptions().setConnectTimeout(1000).setTcpNoDelay(true)));
        api = RedisAPI.api(redis);
        LOG.infof(
                "tokens of ended logins are refused, as listed in Redis at %s", url.replaceAll("//[^@/]*@", "//***@"));
    }

    void stop(@Observes ShutdownEvent stop) {
        close();
    }

    void close() {
        if (redis != null) {
            redis.close();
        }
    }

    /** Whether the login has ended; false when that cannot be told (no Redis, Redis down or slow). */
    public Future<Boolean> isRevoked(String sid, long tokenExpiresAtMillis) {
        if (api == null || sid == null) {
            return Future.succeededFuture(false);
        }
        long now = System.currentTimeMillis();
        Long until = ended.get(sid);
        if (until != null && until > now) {
            return Future.succeededFuture(true);
        }
        if (!outage.mayAsk()) {
            return Future.succeededFuture(false);
        }
        return outage.ask(api.exists(List.of(config.keyPrefix() + sid)))
                .map(found -> {
                    boolean revoked = found != null && found.toLong() > 0;
                    if (revoked) {
                        remember(sid, tokenExpiresAtMillis);
                    }
                    return revoked;
                })
                .otherwise(false);
    }

    private void remember(String sid, long untilMillis) {
        if (ended.size() >= MAX_REMEMBERED) {
            long now = System.currentTimeMillis();
            ended.values().removeIf(until -> until <= now);
            if (ended.size() >= MAX_REMEMBERED) {
                ended.clear();
            }
        }
        ended.put(sid, untilMillis);
    }
}
