package dev.depot.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.gateway.config.GatewayConfig.RateKey;
import dev.depot.gateway.core.Policy;
import dev.depot.gateway.core.Refusal;
import dev.depot.gateway.ratelimit.RateLimits.Decision;
import io.vertx.core.MultiMap;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Whose window a request counts in, and what a spent window answers. */
class RateLimitStageTest {

    private static Policy policy(RateKey key) {
        return new Policy(
                "search", 5, key, Duration.ofMinutes(2), 1024, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    void aVerifiedUserIsCountedAsThemselvesUnlessThePolicyCountsAddresses() {
        assertThat(RateLimitStage.key(policy(RateKey.USER), "u-42", "10.0.0.1")).isEqualTo("u:u-42");
        assertThat(RateLimitStage.key(policy(RateKey.USER), null, "10.0.0.1")).isEqualTo("a:10.0.0.1");
        assertThat(RateLimitStage.key(policy(RateKey.ADDRESS), "u-42", "10.0.0.1"))
                .isEqualTo("a:10.0.0.1");
        assertThat(RateLimitStage.addressKey("::1")).isEqualTo("a:::1");
    }

    @Test
    void roomLeftOrNoLimitPasses() {
        long reset = System.currentTimeMillis() + 60_000;
        assertThat(RateLimitStage.judge(new Decision(5, 0, reset, true), policy(RateKey.USER)))
                .isEmpty();
        assertThat(RateLimitStage.judge(null, policy(RateKey.USER))).isEmpty();
    }

    @Test
    void aSpentWindowIs429WithWhenToTryAgain() {
        long reset = System.currentTimeMillis() + 30_000;
        Decision spent = new Decision(5, 0, reset, false);
        Refusal refusal = RateLimitStage.judge(spent, policy(RateKey.USER)).orElseThrow();
        assertThat(refusal.status()).isEqualTo(429);
        assertThat(refusal.error()).isEqualTo("TooManyRequests");
        long retry = Long.parseLong(refusal.headers().get("retry-after"));
        assertThat(retry).isBetween(29L, 30L);
        assertThat(refusal.message()).isEqualTo("too many requests: try again in " + retry + " s");
        assertThat(refusal.details().getInteger("limit")).isEqualTo(5);
        assertThat(refusal.details().getLong("window_seconds")).isEqualTo(120L);
        assertThat(refusal.details().getLong("retry_after")).isEqualTo(retry);
        assertThat(refusal.details().getString("policy")).isEqualTo("search");
        assertThat(refusal.headers())
                .containsEntry("X-RateLimit-Limit", "5")
                .containsEntry("X-RateLimit-Remaining", "0")
                .containsEntry("X-RateLimit-Reset", String.valueOf(spent.resetEpochSeconds()));
        assertThat(refusal.headers().keySet())
                .containsExactly("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "retry-after");
    }

    @Test
    void theLimitsHeadersReplaceAnyAlreadyThere() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-RateLimit-Limit", "1000000");
        RateLimitStage.putHeaders(headers, new Decision(100, 99, 1_700_000_000_500L, true));
        assertThat(headers.getAll("X-RateLimit-Limit")).containsExactly("100");
        assertThat(headers.get("X-RateLimit-Remaining")).isEqualTo("99");
        assertThat(headers.get("X-RateLimit-Reset")).isEqualTo("1700000001");

        MultiMap none = MultiMap.caseInsensitiveMultiMap();
        RateLimitStage.putHeaders(none, null);
        assertThat(none.isEmpty()).isTrue();
    }
}
