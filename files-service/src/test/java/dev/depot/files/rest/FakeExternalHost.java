package dev.depot.files.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local HTTP server standing in for 0x0.st. Its behaviour is switched by the test: answer with a
 * URL, never answer, fail N times then answer, or stop listening (connection refused).
 */
public class FakeExternalHost implements QuarkusTestResourceLifecycleManager {

    enum Mode {
        OK,
        SLOW,
        FLAKY
    }

    static final AtomicReference<Mode> MODE = new AtomicReference<>(Mode.OK);
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    static final AtomicInteger REQUESTS = new AtomicInteger();
    static final AtomicReference<String> LAST_USER_AGENT = new AtomicReference<>();
    static final AtomicReference<String> LAST_BODY_START = new AtomicReference<>();
    static final AtomicInteger LAST_BODY_SIZE = new AtomicInteger();

    private static Vertx vertx;
    private static HttpServer server;
    private static int port;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        port = listen(0);
        return Map.of(
                "depot.files.external-upload.url",
                "http://127.0.0.1:" + port + "/",
                "depot.files.external-upload.base-timeout",
                "PT1S",
                "depot.files.external-upload.per-megabyte",
                "PT0S");
    }

    private static int listen(int onPort) {
        server = vertx.createHttpServer().requestHandler(req -> {
            REQUESTS.incrementAndGet();
            LAST_USER_AGENT.set(req.getHeader("User-Agent"));
            req.body().onSuccess(body -> {
                LAST_BODY_SIZE.set(body.length());
                LAST_BODY_START.set(body.getString(0, Math.min(300, body.length())));
                Mode mode = MODE.get();
                if (mode == Mode.SLOW) {
                    return;
                }
                if (mode == Mode.FLAKY && FAILURES_LEFT.getAndDecrement() > 0) {
                    req.response().setStatusCode(500).end("busy");
                    return;
                }
                req.response().putHeader("Content-Type", "text/plain").end("https://0x0.st/Xy.png\n");
            });
        });
        try {
            return server.listen(onPort)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void stopListening() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static void listenAgain() {
        listen(port);
    }

    @Override
    public void stop() {
        vertx.close();
    }
}
