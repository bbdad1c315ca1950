package dev.depot.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP servers standing in for the replicas of a few test routes, each route with its own
 * replicas so that what one test does to them does not reach another:
 *
 * <ul>
 *   <li>{@code spread} (/api/test/spread): two replicas;
 *   <li>{@code killed} (/api/test/killed): two replicas, the first of which a test closes;
 *   <li>{@code refused} (/api/test/refused): a closed port first, then a replica;
 *   <li>{@code drop-post}, {@code drop-get}, {@code drop-put}: first a replica that reads each request and closes its
 *       connection without an answer, then a replica;
 *   <li>{@code health} (/api/test/health): two replicas with health endpoints on separate servers
 *       (their management ports), whose status a test sets;
 *   <li>{@code down} (/api/test/down): two closed ports;
 *   <li>{@code cut} (/api/test/cut): one replica that dies while a body streams to it.
 * </ul>
 *
 * Each replica answers with its name, and counts what reached it by name and method.
 */
public class ReplicaServers implements QuarkusTestResourceLifecycleManager {

    /** Requests that reached each replica, by "name METHOD". */
    public static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();
    /** What the health endpoint of each "health" replica answers. */
    public static final Map<String, AtomicInteger> HEALTH_STATUS = new ConcurrentHashMap<>();

    private static Vertx vertx;
    private static final Map<String, HttpServer> SERVERS = new ConcurrentHashMap<>();

    public static int seen(String replica, String method) {
        AtomicInteger n = SEEN.get(replica + " " + method);
        return n == null ? 0 : n.get();
    }

    /** Closes a replica's server, and with it every connection to it: the replica is gone. */
    public static void kill(String replica) {
        await(SERVERS.remove(replica).close());
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        route(config, "spread", url(replica("spread-1")), url(replica("spread-2")));
        route(config, "killed", url(replica("killed-1")), url(replica("killed-2")));
        route(config, "refused", "http://127.0.0.1:" + closedPort(), url(replica("refused-2")));
        int dropper = dropper("dropper");
        int dropperHealthy = replica("drop-2");
        route(config, "drop-post", "http://127.0.0.1:" + dropper, url(dropperHealthy));
        route(config, "drop-get", "http://127.0.0.1:" + dropper, url(dropperHealthy));
        route(config, "drop-put", "http://127.0.0.1:" + dropper, url(dropperHealthy));
        route(config, "health", url(replica("health-1")), url(replica("health-2")));
        config.put(
                "depot.gateway.routes.health.health-url",
                url(health("health-1")) + "/q/health/ready," + url(health("health-2")) + "/q/health/ready");
        route(config, "down", "http://127.0.0.1:" + closedPort(), "http://127.0.0.1:" + closedPort());
        route(config, "cut", url(cutter("cutter")));
        config.put("depot.gateway.policies.test-upload.match", "POST /api/test/cut/**");
        config.put("depot.gateway.policies.test-upload.max-body-size", "64M");
        config.put("depot.gateway.replicas.health-interval", "PT0.2S");
        config.put("depot.gateway.replicas.health-timeout", "PT1S");
        config.put("depot.gateway.replicas.backoff", "PT0.5S");
        config.put("depot.gateway.rate-limit.enabled", "false");
        return config;
    }

    private static void route(Map<String, String> config, String service, String... urls) {
        config.put("depot.gateway.routes." + service + ".url", String.join(",", urls));
        config.put("depot.gateway.routes." + service + ".prefixes", "/api/test/" + service);
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** A replica that reads each request whole and answers with its name and the size of the body. */
    private static int replica(String name) {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    SEEN.computeIfAbsent(name + " " + req.method().name(), k -> new AtomicInteger())
                            .incrementAndGet();
                    req.response()
                            .putHeader("Content-Type", "application/json")
                            .end(new JsonObject()
                                    .put("replica", name)
                                    .put("method", req.method().name())
                                    .put("size", body.length())
                                    .encode());
                }));
        return listen(name, server);
    }

    /** A replica that takes each request whole, then closes the connection without answering. */
    private static int dropper(String name) {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    SEEN.computeIfAbsent(name + " " + req.method().name(), k -> new AtomicInteger())
                            .incrementAndGet();
                    req.connection().close();
                }));
        return listen(name, server);
    }

    /** A replica that reads nothing of a request's body and closes the connection after 300 ms: it died mid-upload. */
    private static int cutter(String name) {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            req.pause();
            SEEN.computeIfAbsent(name + " " + req.method().name(), k -> new AtomicInteger())
                    .incrementAndGet();
            vertx.setTimer(300, id -> req.connection().close());
        });
        return listen(name, server);
    }

    /** A replica's health endpoint on its own port, answering the status a test sets (200 at first). */
    private static int health(String replica) {
        AtomicInteger status = HEALTH_STATUS.computeIfAbsent(replica, r -> new AtomicInteger(200));
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response()
                .setStatusCode(req.path().equals("/q/health/ready") ? status.get() : 404)
                .putHeader("Content-Type", "application/json")
                .end(status.get() == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}"));
        return listen(replica + "-health", server);
    }

    private static int listen(String name, HttpServer server) {
        int port = await(server.listen(0, "127.0.0.1")).actualPort();
        SERVERS.put(name, server);
        return port;
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

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
