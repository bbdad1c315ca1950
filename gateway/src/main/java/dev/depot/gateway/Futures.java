package dev.depot.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Small helpers for Vert.x futures shared by the gateway's parts. */
public final class Futures {

    private Futures() {}

    /**
     * The same outcome, delivered on the context of the caller. A shared client (Redis, a coalesced
     * JWKS fetch) may complete on another event loop; a request carries on on its own.
     */
    public static <T> Future<T> onCallerContext(Future<T> f) {
        Context caller = Vertx.currentContext();
        if (caller == null) {
            return f;
        }
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> {
            if (Vertx.currentContext() == caller) {
                p.handle(ar);
            } else {
                caller.runOnContext(v -> p.handle(ar));
            }
        });
        return p.future();
    }
}
