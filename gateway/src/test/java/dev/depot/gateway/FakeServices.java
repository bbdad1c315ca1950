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
    /** The user the personal API token "dpt_user" stands for: its exchange yields a real signed token. */
    static final java.util.UUID API_USER = java.util.UUID.randomUUID();
    /** How many API token exchanges the fake auth-service has answered. */
    static final java.util.concurrent.atomic.AtomicInteger EXCHANGES = new java.util.concurrent.atomic.AtomicInteger();

    /** How many requests reached an endpoint that never answers. */
    static final java.util.concurrent.atomic.AtomicInteger NEVER_ANSWERED =
            new java.util.concurrent.atomic.AtomicInteger();

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            String path = req.path();
            if (path.endsWith("/echo")) {
                JsonObject headers = new JsonObject();
                req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                req.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "keep-alive, X-Secret-Hop")
                        .putHeader("X-Secret-Hop", "must not pass")
                        .end(new JsonObject()
                                .put("path", path)
                                .put("uri", req.uri())
                                .put("method", req.method().name())
                                .put("headers", headers)
                                .encode());
            } else if (path.endsWith("/sink")) {
                MessageDigest sha = sha256();
                long[] size = {0};
                req.handler(chunk -> {
                    size[0] += chunk.length();
                    sha.update(chunk.getBytes());
                });
                req.endHandler(v -> req.response()
                        .putHeader("Content-Type", "application/json")
                        .end(new JsonObject()
                                .put("size", size[0])
                                .put("sha256", HexFormat.of().formatHex(sha.digest()))
                                .encode()));
            } else if (path.startsWith("/cdn/bytes/")) {
                long size = Long.parseLong(path.substring("/cdn/bytes/".length()));
                req.response().putHeader("Content-Length", String.valueOf(size));
                streamPattern(req.response(), size);
            } else if (path.equals("/internal/tokens/exchange")) {
                req.body().onSuccess(body -> {
                    String token = body.toJsonObject().getString("token");
                    boolean trusted = SECRET.equals(req.getHeader("X-Depot-Service-Token"));
                    String access = !trusted
                            ? null
                            : "dpt_good".equals(token)
                                    ? "exchanged-jwt"
                                    : "dpt_user".equals(token) ? dev.depot.testing.TestTokens.forUser(API_USER) : null;
                    if (access != null) {
                        EXCHANGES.incrementAndGet();
                    }
                    req.response()
                            .setStatusCode(access != null ? 200 : 401)
                            .putHeader("Content-Type", "application/json")
                            .end(
                                    access != null
                                            ? new JsonObject()
                                                    .put("access_token", access)
                                                    .put("expires_in", 900)
                                                    .encode()
                                            : "{}");
                });
            } else if (path.equals("/api/auth/jwks")) {
                req.response().putHeader("Content-Type", "application/json").end(jwks());
            } else if (path.equals("/q/openapi")) {
                req.response()
                        .putHeader("Content-Type", "application/json")
                        .end(new JsonObject()
                                .put("openapi", "3.1.0")
                                .put("info", new JsonObject().put("title", "fake"))
                                .put("paths", new JsonObject())
                                .put("x-uri", req.uri())
                                .put("x-accept", req.getHeader("Accept"))
                                .encode());
            } else if (path.endsWith("/slow")) {
                long ms = Long.parseLong(req.getParam("ms", "3000"));
                vertx.setTimer(ms, id -> req.response().end("{\"slow\":true}"));
            } else if (path.endsWith("/trickle")) {
                trickle(
                        req.response(),
                        Integer.parseInt(req.getParam("chunks", "10")),
                        Long.parseLong(req.getParam("every", "250")));
            } else if (path.endsWith("/cors")) {
                req.response()
                        .putHeader("Access-Control-Allow-Origin", "*")
                        .putHeader("Access-Control-Allow-Credentials", "true")
                        .end("{}");
            } else if (path.endsWith("/never")) {
                // Holds the request open without answering.
                NEVER_ANSWERED.incrementAndGet();
            } else {
                req.response().setStatusCode(404).end();
            }
        });
        int port = await(server.listen(0)).actualPort();
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "depot.gateway.routes.files-service.url", "http://127.0.0.1:" + port,
                "depot.gateway.routes.auth-service.url", "http://127.0.0.1:" + port,
                "depot.gateway.internal-secret", SECRET,
                "depot.gateway.routes.sharing-service.url", "http://127.0.0.1:" + closedPort(),
                "depot.gateway.idle-timeout", "PT2S",
                "depot.gateway.jwt.jwks-url", "http://127.0.0.1:" + port + "/api/auth/jwks"));
        // The streaming tests' upload endpoint takes what an upload route would, and more: 1 GiB and up.
        // Long enough that a test's few requests with one API token always share an exchange.
        config.put("depot.gateway.api-token-cache-ttl", "PT1M");
        config.put("depot.gateway.policies.test-sink.match", "POST /api/cdn/files/sink");
        config.put("depot.gateway.policies.test-sink.max-body-size", "2G");
        config.put("depot.gateway.policies.test-sink.request-timeout", "PT0S");
        return config;
    }

    /** auth-service's JWKS: the key test tokens are signed with (kid "test"). */
    static String jwks() {
        java.security.interfaces.RSAPublicKey key = (java.security.interfaces.RSAPublicKey)
                dev.depot.testing.TestKeys.signing().getPublic();
        return new JsonObject()
                .put("keys", new io.vertx.core.json.JsonArray().add(jwk("test", key)))
                .encode();
    }

    static JsonObject jwk(String kid, java.security.interfaces.RSAPublicKey key) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return new JsonObject()
                .put("kty", "RSA")
                .put("use", "sig")
                .put("alg", "RS256")
                .put("kid", kid)
                .put("n", b64.encodeToString(unsigned(key.getModulus())))
                .put("e", b64.encodeToString(unsigned(key.getPublicExponent())));
    }

    private static byte[] unsigned(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /** A response that sends a small chunk every so often: slow, but never idle. */
    private void trickle(io.vertx.core.http.HttpServerResponse response, int chunks, long every) {
        response.setChunked(true).putHeader("Content-Type", "text/plain");
        int[] sent = {0};
        vertx.setPeriodic(every, id -> {
            if (response.closed() || sent[0] >= chunks) {
                vertx.cancelTimer(id);
                if (!response.closed()) {
                    response.end();
                }
                return;
            }
            response.write("chunk " + sent[0]++ + "\n");
        });
    }

    /** The same deterministic bytes the tests expect: byte i is (i % 251). */
    static void streamPattern(io.vertx.core.http.HttpServerResponse response, long size) {
        byte[] block = new byte[64 * 1024];
        long[] sent = {0};
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
