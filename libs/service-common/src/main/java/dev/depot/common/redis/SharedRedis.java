package dev.depot.common.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The Redis a service's replicas share state in (login and link-password throttles), treated the way
 * the gateway treats its own (RedisOutage): every command gets a time limit, and after a failure or a
 * late answer Redis is left alone for retry-after, so that an outage costs one timeout per period
 * rather than one per request. One warning when Redis stops answering, one line when it is back.
 *
 * What to do without Redis is each user's choice, and always the same one so far: keep the state in
 * this process's memory, as before there were replicas. {@link #usable()} says whether to ask at all;
 * a command that fails or times out fails its Uni, and the caller falls back.
 *
 * Answers arrive on the caller's Vert.x context, where a Hibernate Reactive session expects them.
 */
public final class SharedRedis {

    private final Vertx vertx;
    private final Redis client;
    private final Logger log;
    private final long timeoutMillis;
    private final long retryAfterMillis;
    private final String whileDown;
    private final String whenBack;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long downUntil;

    private SharedRedis(
            Vertx vertx,
            Redis client,
            Logger log,
            Duration timeout,
            Duration retryAfter,
            String whileDown,
            String whenBack) {
        this.vertx = vertx;
        this.client = client;
        this.log = log;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.retryAfterMillis = retryAfter.toMillis();
        this.whileDown = whileDown;
        this.whenBack = whenBack;
    }

    /** No Redis: {@link #usable()} is always false. */
    public static SharedRedis none() {
        return new SharedRedis(null, null, null, Duration.ZERO, Duration.ZERO, "", "");
    }

    /**
     * A client of the Redis at {@code url} (redis://host:port[/db]), or {@link #none()} when it is
     * unset. {@code whileDown} is logged with the failure as its one argument ({@code %s}).
     */
    public static SharedRedis connect(
            Vertx vertx,
            Optional<String> url,
            Duration timeout,
            Duration retryAfter,
            Logger log,
            String whileDown,
            String whenBack) {
        if (url.isEmpty() || url.get().isBlank()) {
            return none();
        }
        Redis client = Redis.createClient(
                vertx,
                new RedisOptions()
                        .setConnectionString(url.get())
                        .setMaxPoolSize(8)
                        .setMaxPoolWaiting(1024)
                        .setMaxWaitingHandlers(1024)
                        .setNetClientOptions(
                                new NetClientOptions().setConnectTimeout(1000).setTcpNoDelay(true)));
        return new SharedRedis(vertx, client, log, timeout, retryAfter, whileDown, whenBack);
    }

    /** The URL with any password hidden, for logs. */
    public static String redacted(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    /** Whether to ask Redis: it is configured and not being left alone after a failure. */
    public boolean usable() {
        return client != null && System.currentTimeMillis() >= downUntil;
    }

    /** Sends one command (a MULTI-free Lua script, typically); fails on an error, or after the time limit. */
    public Uni<Response> send(Request request) {
        if (client == null) {
            return Uni.createFrom().failure(new IllegalStateException("no Redis configured"));
        }
        Context caller = Vertx.currentContext();
        return Uni.createFrom().emitter(em -> {
            AtomicBoolean settled = new AtomicBoolean();
            long timer = vertx.setTimer(timeoutMillis, id -> {
                if (settled.compareAndSet(false, true)) {
                    TimeoutException late =
                            new TimeoutException("Redis did not answer within " + timeoutMillis + " ms");
                    failed(late);
                    onCaller(caller, () -> em.fail(late));
                }
            });
            client.send(request).onComplete(answer -> {
                if (!settled.compareAndSet(false, true)) {
                    return;
                }
                vertx.cancelTimer(timer);
                if (answer.succeeded()) {
                    if (down.compareAndSet(true, false)) {
                        log.info(whenBack);
                    }
                    onCaller(caller, () -> em.complete(answer.result()));
                } else {
                    failed(answer.cause());
                    onCaller(caller, () -> em.fail(answer.cause()));
                }
            });
        });
    }

    public void close() {
        if (client != null) {
            client.close();
        }
    }

    private void failed(Throwable e) {
        downUntil = System.currentTimeMillis() + retryAfterMillis;
        if (down.compareAndSet(false, true)) {
            log.warnf(whileDown, e.toString());
        }
    }

    private static void onCaller(Context caller, Runnable r) {
        if (caller == null || Vertx.currentContext() == caller) {
            r.run();
        } else {
            caller.runOnContext(v -> r.run());
        }
    }
}
