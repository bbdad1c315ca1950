package dev.depot.gateway.pipeline;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Cuts an exchange only when no bytes have moved, in either direction, for the idle timeout:
 * a long upload or download stays alive as long as it flows. (Vert.x's own request idle timeout
 * counts only response bytes, so it would cut a large upload that is still streaming.)
 */
final class IdleWatch {

    private final Vertx vertx;
    private final long idleMillis;
    private volatile long lastActivity = System.nanoTime();
    private long timerId;

    IdleWatch(Vertx vertx, long idleMillis, Runnable onIdle) {
        this.vertx = vertx;
        this.idleMillis = idleMillis;
        long period = Math.max(50, idleMillis / 4);
        this.timerId = vertx.setPeriodic(period, id -> {
            if ((System.nanoTime() - lastActivity) / 1_000_000 >= this.idleMillis) {
                stop();
                onIdle.run();
            }
        });
    }

    void touch() {
        lastActivity = System.nanoTime();
    }

    void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    /** The same stream, noting each chunk that passes. */
    ReadStream<Buffer> watch(ReadStream<Buffer> stream) {
        return watch(stream, Long.MAX_VALUE, null);
    }

    /**
     * The same stream, noting each chunk that passes; once more than {@code maxBytes} have come, the
     * stream is paused, nothing more is passed on, and {@code onTooLarge} runs (once).
     */
    ReadStream<Buffer> watch(ReadStream<Buffer> stream, long maxBytes, Runnable onTooLarge) {
        long[] seen = {0};
        boolean[] over = {false};
        return new ReadStream<>() {
            @Override
            public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
                stream.exceptionHandler(handler);
                return this;
            }

            @Override
            public ReadStream<Buffer> handler(Handler<Buffer> handler) {
                stream.handler(
                        handler == null
                                ? null
                                : chunk -> {
                                    touch();
                                    if (over[0]) {
                                        return;
                                    }
                                    seen[0] += chunk.length();
                                    if (seen[0] > maxBytes) {
                                        over[0] = true;
                                        stream.pause();
                                        onTooLarge.run();
                                        return;
                                    }
                                    handler.handle(chunk);
                                });
                return this;
            }

            @Override
            public ReadStream<Buffer> pause() {
                stream.pause();
                return this;
            }

            @Override
            public ReadStream<Buffer> resume() {
                stream.resume();
                return this;
            }

            @Override
            public ReadStream<Buffer> fetch(long amount) {
                stream.fetch(amount);
                return this;
            }

            @Override
            public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
                stream.endHandler(endHandler);
                return this;
            }
        };
    }
}
