package dev.depot.gateway.ratelimit;

import dev.depot.crypto.Hashes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Windows kept in Redis, so that every gateway replica counts against the same limit. One Lua script
 * per request increments the counter and starts its expiry atomically; the window's clock is Redis's,
 * so replicas with skewed clocks still agree on when it ends.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** INCR, and a PEXPIRE for a new key (or one left without expiry by anything else). */
    static final String SCRIPT =
            """
            local n = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {n, ttl}
            """;

    private static final String SHA = Hashes.hex(Hashes.sha1().digest(SCRIPT.getBytes(StandardCharsets.UTF_8)));

    private final Redis redis;
    private final RedisAPI api;
    private final String prefix;

    public RedisRateLimiter(Vertx vertx, String url, String keyPrefix) {
        this.redis = Redis.createClient(
                vertx,
                new RedisOptions()
                        .setConnectionString(url)
                        .setMaxPoolSize(16)
                        .setMaxPoolWaiting(4096)
                        .setMaxWaitingHandlers(4096)
                        .setNetClientOptions(
                                new NetClientOptions().setConnectTimeout(1000).setTcpNoDelay(true)));
        this.api = RedisAPI.api(redis);
        this.prefix = keyPrefix;
    }

    @Override
    public Future<Count> hit(String key, long windowMillis) {
        String redisKey = prefix + key;
        String window = Long.toString(windowMillis);
        return api.evalsha(List.of(SHA, "1", redisKey, window))
                .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                        ? api.eval(List.of(SCRIPT, "1", redisKey, window))
                        : Future.failedFuture(e))
                .map(r -> new Count(r.get(0).toLong(), r.get(1).toLong()));
    }

    @Override
    public void close() {
        redis.close();
    }
}
