package dev.depot.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real Redis at 127.0.0.1:6379, and against a port where nothing listens. */
class SharedRedisTest {

    private static final Logger LOG = Logger.getLogger(SharedRedisTest.class);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static SharedRedis at(String url, Duration retryAfter) {
        return SharedRedis.connect(
                vertx, Optional.of(url), Duration.ofMillis(500), retryAfter, LOG, "down (%s)", "back");
    }

    @Test
    void withoutAUrlRedisIsNeverAsked() {
        assertThat(SharedRedis.connect(
                                vertx, Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(1), LOG, "", "")
                        .usable())
                .isFalse();
        assertThatThrownBy(() -> SharedRedis.none()
                        .send(Request.cmd(Command.PING))
                        .await()
                        .atMost(WAIT))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void answersFromTheRealRedis() {
        SharedRedis redis = at("redis://127.0.0.1:6379", Duration.ofSeconds(5));
        try {
            assertThat(redis.usable()).isTrue();
            assertThat(redis.send(Request.cmd(Command.PING))
                            .await()
                            .atMost(WAIT)
                            .toString())
                    .isEqualTo("PONG");
        } finally {
            redis.close();
        }
    }

    @Test
    void aFailureLeavesRedisAloneForTheRetryPeriodThenItIsAskedAgain() throws Exception {
        SharedRedis redis = at("redis://127.0.0.1:" + FreePorts.pick(), Duration.ofMillis(300));
        try {
            assertThat(redis.usable()).isTrue();
            assertThatThrownBy(
                            () -> redis.send(Request.cmd(Command.PING)).await().atMost(WAIT))
                    .isNotNull();
            assertThat(redis.usable()).isFalse();
            Thread.sleep(400);
            assertThat(redis.usable()).isTrue();
        } finally {
            redis.close();
        }
    }

    @Test
    void redactsThePasswordOfAUrl() {
        assertThat(SharedRedis.redacted("redis://user:secret@redis:6379/0")).isEqualTo("redis://***@redis:6379/0");
    }
}
