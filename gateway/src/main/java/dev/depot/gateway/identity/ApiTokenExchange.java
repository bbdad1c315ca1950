package dev.depot.gateway.identity;

import dev.depot.crypto.Hashes;
import dev.depot.gateway.Futures;
import dev.depot.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a personal API token ({@code Bearer dpt_...}) into a short-lived access token from
 * auth-service, so services only ever verify signed JWTs. An exchange is reused for
 * api-token-cache-ttl (a second by default: a deleted token stops working within it), keyed by the
 * token's hash; requests arriving together with one token share one exchange. The access token itself
 * never leaves the gateway, so the cache is the only place it could outlive the API token.
 *
 * The cache stays in each replica's memory, on purpose, not in the Redis the replicas share:
 * - Correctness does not need it: every replica forgets an exchange within api-token-cache-ttl, so a
 *   deleted API token stops working everywhere within it, shared or not. Losing the cache (a restart,
 *   another replica) costs one exchange, nothing else: it is not state any request depends on.
 * - In Redis, the entries would be bearer access tokens, good for their whole lifetime (15 minutes),
 *   not for the second they are cached: whoever can read Redis or its traffic (MONITOR, a snapshot,
 *   plain redis:// on the network) could act as every API token user. Redis holds nothing secret
 *   today (login ids, counters); hashing the key does not help, the value is the secret. Sealing the
 *   value with a key derived from the API token would, at the cost of crypto and a round trip per
 *   request.
 * - The gain is small: with a one-second TTL, sharing saves at most one exchange per replica per
 *   second of a busy token, while every cached request would wait on Redis instead of memory.
 */
@ApplicationScoped
public class ApiTokenExchange {

    static final String PREFIX = "dpt_";
    private static final int MAX_CACHED = 10_000;

    private record Cached(String accessToken, long expiresAt) {}

    private final GatewayConfig config;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Exchanges under way, by the token's hash. */
    private final Map<String, Future<String>> pending = new ConcurrentHashMap<>();

    private HttpClient client;
    /** auth-service's replicas; an exchange that cannot reach one is asked of the next. */
    private List<URI> authService;

    private final AtomicInteger nextReplica = new AtomicInteger();
    private Context context;

    public ApiTokenExchange(GatewayConfig config) {
        this.config = config;
    }

    void init(@Observes StartupEvent start, Vertx vertx) {
        start(vertx);
    }

    void start(Vertx vertx) {
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000));
        context = vertx.getOrCreateContext();
        var route = config.routes().get("auth-service");
        authService = route == null ? null : route.urls();
    }

    /**
     * The personal API token an Authorization header carries: {@code Bearer dpt_...}, or HTTP Basic
     * with the token as the password (any user name), the way WebDAV clients and file managers sign
     * in, like app passwords elsewhere. Null for anything else: an account password never works here.
     */
    public static String apiTokenOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer " + PREFIX, 0, 7 + PREFIX.length())) {
            return authorization.substring("Bearer ".length()).trim();
        }
        if (!isBasic(authorization)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(
                    java.util.Base64.getDecoder()
                            .decode(authorization.substring(6).trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        return password.startsWith(PREFIX) ? password : null;
    }

    public static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /** The access token already exchanged for this API token, or null when auth-service must be asked. */
    public String cached(String apiToken) {
        Cached hit = cache.get(Hashes.sha256Hex(apiToken));
        return hit != null && hit.expiresAt() > System.currentTimeMillis() ? hit.accessToken() : null;
    }

    /** The access token to forward, or null when auth-service refuses the API token. */
    public Future<String> accessTokenFor(String apiToken) {
        String key = Hashes.sha256Hex(apiToken);
        Cached hit = cache.get(key);
        if (hit != null && hit.expiresAt() > System.currentTimeMillis()) {
            return Future.succeededFuture(hit.accessToken());
        }
        if (authService == null || config.internalSecret().isEmpty()) {
            return Future.failedFuture(new IllegalStateException("API tokens need depot.gateway.internal-secret"));
        }
        Promise<String> mine = Promise.promise();
        Future<String> underWay = pending.putIfAbsent(key, mine.future());
        if (underWay != null) {
            return Futures.onCallerContext(underWay);
        }
        Runnable ask = () -> exchange(apiToken, key).onComplete(ar -> {
            pending.remove(key, mine.future());
            mine.handle(ar);
        });
        if (Vertx.currentContext() != null) {
            ask.run();
        } else {
            // From outside Vert.x (a test), the exchange runs on one context from start to end.
            context.runOnContext(v -> ask.run());
        }
        return Futures.onCallerContext(mine.future());
    }

    /**
     * Asks the replicas in turn, starting with the next one round. An exchange changes nothing that a second
     * one would not (each answers an access token of its own), so any replica that gave no answer is
     * passed over for the next.
     */
    private Future<String> exchange(String apiToken, String key) {
        int first = Math.floorMod(nextReplica.getAndIncrement(), authService.size());
        return exchange(apiToken, key, first, authService.size());
    }

    private Future<String> exchange(String apiToken, String key, int replica, int left) {
        Future<String> answer = exchange(apiToken, key, authService.get(replica));
        return left <= 1
                ? answer
                : answer.recover(e -> e instanceof AuthAnswered
                        ? Future.failedFuture(e)
                        : exchange(apiToken, key, (replica + 1) % authService.size(), left - 1));
    }

    /** auth-service answered, with something other than a token or a refusal: asking another changes nothing. */
    private static final class AuthAnswered extends IllegalStateException {
        AuthAnswered(String message) {
            super(message);
        }
    }

    private Future<String> exchange(String apiToken, String key, URI replica) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(replica.getHost())
                .setPort(replica.getPort())
                .setURI("/internal/tokens/exchange")
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Depot-Service-Token", config.internalSecret().get())
                .setTimeout(10_000);
        String body = new JsonObject().put("token", apiToken).encode();
        return client.request(options)
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(buf -> {
                    if (resp.statusCode() == 401) {
                        cache.remove(key);
                        return null;
                    }
                    if (resp.statusCode() != 200) {
                        throw new AuthAnswered("auth-service answered " + resp.statusCode());
                    }
                    JsonObject json = buf.toJsonObject();
                    String access = json.getString("access_token");
                    long ttl =
                            Math.min(config.apiTokenCacheTtl().toMillis(), json.getLong("expires_in", 60L) * 1000 / 2);
                    remember(key, new Cached(access, System.currentTimeMillis() + ttl));
                    return access;
                }));
    }

    private void remember(String key, Cached value) {
        if (cache.size() >= MAX_CACHED) {
            long now = System.currentTimeMillis();
            cache.values().removeIf(c -> c.expiresAt() <= now);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(key, value);
    }
}
