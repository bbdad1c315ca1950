package dev.depot.auth.service;

import dev.depot.auth.config.AuthConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Lists ended logins in Redis ({@code <prefix><sid>}), where every gateway replica looks before
 * passing a request on: an access token whose {@code sid} is listed is refused at once instead of
 * living out its lifetime. An entry is kept as long as a token of that login could still be accepted
 * (the access token lifetime plus a minute of clock skew); then Redis drops it.
 *
 * Never fails the caller. With Redis unreachable or slow the login still ends (its refresh tokens are
 * revoked in the database, so it cannot be renewed) and a warning is logged; its access tokens then
 * stay valid until they expire, as they do where no Redis is configured at all.
 */
@ApplicationScoped
public class LoginRevocations {

    private static final Logger LOG = Logger.getLogger(LoginRevocations.class);
    /** What services and the gateway allow on a token's exp, at most. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final AuthConfig config;
    private Vertx vertx;
    private Redis redis;

    public LoginRevocations(AuthConfig config) {
        this.config = config;
    }

    void init(@Observes StartupEvent start, Vertx vertx) {
        this.vertx = vertx;
        String url = config.revocation().redisUrl().orElse(null);
        if (url == null) {
            LOG.warn("no depot.auth.revocation.redis-url (DEPOT_REDIS_URL): the access tokens of a login that"
                    + " ends stay valid until they expire");
            return;
        }
        redis = Redis.createClient(
                vertx,
                new RedisOptions()
                        .setConnectionString(url)
                        .setMaxPoolSize(8)
                        .setMaxPoolWaiting(1024)
                        .setNetClientOptions(new NetClientOptions().setConnectTimeout(1000)));
        LOG.infof("ended logins are listed for the gateway in Redis at %s", url.replaceAll("//[^@/]*@", "//***@"));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (redis != null) {
            redis.close();
        }
    }

    /** Lists the logins as ended; completes once Redis has them, or has failed or timed out (logged). */
    public Uni<Void> revoke(Collection<UUID> loginIds) {
        if (redis == null || loginIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String ttl = Long.toString(config.accessTokenTtl().plus(CLOCK_SKEW).toMillis());
        List<Request> writes = loginIds.stream()
                .distinct()
                .map(id -> Request.cmd(Command.SET)
                        .arg(config.revocation().keyPrefix() + id)
                        .arg("1")
                        .arg("PX")
                        .arg(ttl))
                .toList();
        long timeout = Math.max(1, config.revocation().redisTimeout().toMillis());
        // The Redis client answers on its connection's event loop; the request carries on on its own.
        Context caller = Vertx.currentContext();
        return Uni.createFrom().emitter(em -> {
            long timer = vertx.setTimer(timeout, id -> {
                LOG.warnf(
                        "Redis did not list %d ended login(s) within %d ms: their access tokens stay valid until"
                                + " they expire",
                        writes.size(), timeout);
                em.complete(null);
            });
            redis.batch(writes).onComplete(written -> {
                vertx.cancelTimer(timer);
                if (written.failed()) {
                    LOG.warnf(
                            "cannot list %d ended login(s) in Redis (%s): their access tokens stay valid until they"
                                    + " expire",
                            writes.size(), written.cause().toString());
                }
                if (caller == null || Vertx.currentContext() == caller) {
                    em.complete(null);
                } else {
                    caller.runOnContext(v -> em.complete(null));
                }
            });
        });
    }
}
