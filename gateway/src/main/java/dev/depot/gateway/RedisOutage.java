package dev.depot.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * How the gateway treats Redis (shared rate limits, the list of ended logins): every question gets a
 * time limit, and after a failure or a late answer Redis is left alone for a while, so that its outage
 * costs one timeout per retry period rather than one per request. Each user of Redis decides what to do
 * without it (fail open); this logs once when Redis stops answering and once when it is back.
 */
public final class RedisOutage {

    private final Vertx vertx;
    private final Logger log;
    private final long timeoutMillis;
    private final long retryAfterMillis;
    private final String whileDown;
    private final String whenBack;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long downUntil;

    /** {@code whileDown} is logged with the failure as its one argument ({@code %s}). */
    public RedisOutage(
            Vertx vertx, Logger log, Duration timeout, Duration retryAfter, String whileDown, String whenBack) {
        this.vertx = vertx;
        this.log = log;
        this.timeoutMillis = timeout.toMillis();
        this.retryAfterMillis = retryAfter.toMillis();
        this.whileDown = whileDown;
        this.whenBack = whenBack;
    }

    /** False while Redis is left alone after a failure. */
    public boolean mayAsk() {
        return System.currentTimeMillis() >= downUntil;
    }

    /** The answer, within the time limit, on the caller's context; a failure starts a retry period. */
    public <T> Future<T> ask(Future<T> question) {
        return Futures.onCallerContext(withTimeout(question))
                .map(answer -> {
                    if (down.compareAndSet(true, false)) {
                        log.info(whenBack);
                    }
                    return answer;
                })
                .onFailure(e -> {
                    downUntil = System.currentTimeMillis() + retryAfterMillis;
                    if (down.compareAndSet(false, true)) {
                        log.warnf(whileDown, e.toString());
                    }
                });
    }

    private <T> Future<T> withTimeout(Future<T> f) {
        if (timeoutMillis <= 0) {
            return f;
        }
        Promise<T> p = Promise.promise();
        long timer = vertx.setTimer(
                timeoutMillis,
                id -> p.tryFail(new TimeoutException("Redis did not answer within " + timeoutMillis + " ms")));
        f.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                p.tryComplete(ar.result());
            } else {
                p.tryFail(ar.cause());
            }
        });
        return p.future();
    }
}
