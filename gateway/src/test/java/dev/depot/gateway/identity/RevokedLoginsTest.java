package dev.depot.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.depot.gateway.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The list of ended logins, read from the real Redis (DEPOT_TEST_REDIS_URL, default redis://127.0.0.1:6379). */
class RevokedLoginsTest {

    static final String REDIS_URL = System.getenv().getOrDefault("DEPOT_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private final String prefix = "depot-test:" + UUID.randomUUID() + ":revoked:sid:";
    private final List<RevokedLogins> lists = new ArrayList<>();
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        lists.forEach(RevokedLogins::close);
        await(vertx.close());
    }

    private RevokedLogins list(String url) {
        Map<String, String> config = url == null
                ? Map.of()
                // A first connection on a loaded machine can take longer than the 250 ms a request waits,
                // and a timeout skips the list for a while (fail open): that is not what these tests ask.
                : Map.of(
                        "depot.gateway.revocation.redis-url",
                        url,
                        "depot.gateway.revocation.key-prefix",
                        prefix,
                        "depot.gateway.revocation.redis-timeout",
                        url.equals(REDIS_URL) ? "PT10S" : "PT0.25S");
        RevokedLogins list = new RevokedLogins(TestConfigs.gateway(config).revocation());
        list.start(vertx);
        lists.add(list);
        return list;
    }

    @Test
    void aLoginListedByAuthServiceIsRevokedAtOnceAndOthersAreNot() {
        assumeTrue(reachable(REDIS_URL), "no Redis at " + REDIS_URL);
        RevokedLogins list = list(REDIS_URL);
        String ended = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        long expires = System.currentTimeMillis() + 60_000;
        assertThat(await(list.isRevoked(ended, expires))).isFalse();

        listInRedis(ended);
        assertThat(await(list.isRevoked(ended, expires)))
                .as("no cache stands in the way")
                .isTrue();
        assertThat(await(list.isRevoked(live, expires))).isFalse();
        // A second replica reads the same list.
        assertThat(await(list(REDIS_URL).isRevoked(ended, expires))).isTrue();
    }

    @Test
    void withoutRedisNothingIsRevoked() {
        assertThat(await(list(null).isRevoked(UUID.randomUUID().toString(), System.currentTimeMillis() + 60_000)))
                .isFalse();
    }

    @Test
    void whenRedisIsDownRequestsGoOnAndDoNotWaitForIt() {
        RevokedLogins list = list("redis://127.0.0.1:" + closedPort());
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertThat(await(list.isRevoked(UUID.randomUUID().toString(), System.currentTimeMillis() + 60_000)))
                    .isFalse();
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(1_500);
        }
    }

    private void listInRedis(String sid) {
        Redis redis = Redis.createClient(vertx, REDIS_URL);
        try {
            await(RedisAPI.api(redis).set(List.of(prefix + sid, "1", "PX", "60000")));
        } finally {
            redis.close();
        }
    }

    static boolean reachable(String url) {
        URI uri = URI.create(url);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
