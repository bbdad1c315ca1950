package dev.depot.files.service;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Reactive work awaited from a blocking handler (a worker thread, never the event loop), on a Vert.x
 * context as Hibernate Reactive needs: for handlers that read a request body as a stream.
 */
public final class Awaiting {

    private Awaiting() {}

    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
