package dev.depot.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing in for the services behind the gateway, so that proxying can be
 * checked byte for byte: it echoes what reached it, counts and hashes uploads, streams downloads
 * of any size, and has an endpoint that never answers. The sharing route points at a closed port.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    static final String SECRET = "gateway-test-secret";
    /** How many API token exchanges the fake auth-service has answered. */
    static final java.util.concurrent.atomic.AtomicInteger EXCHANGES = new java.util.concurrent.atomic.AtomicInteger();

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            String path = req.path();
            if (path.endsWith("/echo")) {
                JsonObject headers = new JsonObject();
                req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                req.response().putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "keep-alive, X-Secret-Hop")
                        .putHeader("X-Secret-Hop", "must not pass")
                        .end(new JsonObject().put("path", path).put("uri", req.uri()).put("method", req.method().name())
                                .put("headers", headers).encode());
            } else if (path.endsWith("/sink")) {
                MessageDigest sha = sha256();
                long[] size = { 0 };
                req.handler(chunk -> {
                    size[0] += chunk.length();
                    sha.update(chunk.getBytes());
                });
                req.endHandler(v -> req.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("size", size[0])
                                .put("sha256", HexFormat.of().formatHex(sha.digest())).encode()));
            } else if (path.startsWith("/cdn/bytes/")) {
                long size = Long.parseLong(path.substring("/cdn/bytes/".length()));
                req.response().putHeader("Content-Length", String.valueOf(size));
                streamPattern(req.response(), size);
            } else if (path.equals("/internal/tokens/exchange")) {
                req.body().onSuccess(body -> {
                    String token = body.toJsonObject().getString("token");
                    boolean known = SECRET.equals(req.getHeader("X-Depot-Service-Token")) && "dpt_good".equals(token);
                    if (known) {
                        EXCHANGES.incrementAndGet();
                    }
                    req.response().setStatusCode(known ? 200 : 401).putHeader("Content-Type", "application/json")
                            .end(known ? new JsonObject().put("access_token", "exchanged-jwt").put("expires_in", 900)
                                    .encode() : "{}");
                });
            } else if (path.endsWith("/never")) {
                // Holds the request open without answering.
            } else {
                req.response().setStatusCode(404).end();
            }
        });
        int port = await(server.listen(0)).actualPort();
        return Map.of(
                "depot.gateway.routes.files-service.url", "http://127.0.0.1:" + port,
                "depot.gateway.routes.auth-service.url", "http://127.0.0.1:" + port,
                "depot.gateway.internal-secret", SECRET,
                "depot.gateway.routes.sharing-service.url", "http://127.0.0.1:" + closedPort(),
                "depot.gateway.idle-timeout", "PT2S");
    }

    /** The same deterministic bytes the tests expect: byte i is (i % 251). */
    static void streamPattern(io.vertx.core.http.HttpServerResponse response, long size) {
        byte[] block = new byte[64 * 1024];
        long[] sent = { 0 };
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (sent[0] < size && !response.writeQueueFull()) {
                int n = (int) Math.min(block.length, size - sent[0]);
                for (int i = 0; i < n; i++) {
                    block[i] = (byte) ((sent[0] + i) % 251);
                }
                response.write(Buffer.buffer(n).appendBytes(block, 0, n));
                sent[0] += n;
            }
            if (sent[0] >= size) {
                response.end();
            } else {
                response.drainHandler(v -> pump[0].run());
            }
        };
        pump[0].run();
    }

    @Override
    public void stop() {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
