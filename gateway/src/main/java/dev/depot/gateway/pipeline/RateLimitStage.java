package dev.depot.gateway.pipeline;

import dev.depot.gateway.config.GatewayConfig.RateKey;
import dev.depot.gateway.core.Policy;
import dev.depot.gateway.core.Refusal;
import dev.depot.gateway.ratelimit.RateLimits;
import dev.depot.gateway.ratelimit.RateLimits.Decision;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts each request against its policy's limit for the caller, and refuses it (429) once the
 * caller's window is spent. Whom a request counts for is the identity stage's to find out; every
 * answer, refused or not, tells the caller how its limit stands (X-RateLimit-*).
 */
final class RateLimitStage {

    private final RateLimits limits;

    RateLimitStage(RateLimits limits) {
        this.limits = limits;
    }

    /** Counts one request for the key; null when the policy has no limit. */
    Future<Decision> count(Policy policy, String key) {
        return limits.check(policy, key);
    }

    /** The client's own window, for whoever has not (yet) been identified. */
    static String addressKey(String clientAddress) {
        return "a:" + clientAddress;
    }

    /** The user's window when the policy counts users and a verified token named one, else the address's. */
    static String key(Policy policy, String user, String clientAddress) {
        return user != null && policy.rateKey() == RateKey.USER ? "u:" + user : addressKey(clientAddress);
    }

    /** 429 once the window is spent, saying when to try again; empty while there is room (or no limit). */
    static Optional<Refusal> judge(Decision decision, Policy policy) {
        if (decision == null || decision.allowed()) {
            return Optional.empty();
        }
        long retry = decision.retryAfterSeconds();
        return Optional.of(Refusal.of(
                        429,
                        "TooManyRequests",
                        "too many requests: try again in " + retry + " s",
                        new JsonObject()
                                .put("limit", decision.limit())
                                .put("window_seconds", policy.window().toSeconds())
                                .put("retry_after", retry)
                                .put("policy", policy.name()))
                .withHeaders(headers(decision))
                .withHeader(HttpHeaders.RETRY_AFTER.toString(), String.valueOf(retry)));
    }

    /** X-RateLimit-Limit, -Remaining and -Reset, for a refusal; none when nothing was counted. */
    static Map<String, String> headers(Decision decision) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        putHeaders(headers, decision);
        Map<String, String> ordered = new LinkedHashMap<>();
        headers.forEach(ordered::put);
        return ordered;
    }

    /** The same headers set straight on an answer on its way out (every request that passes pays for this). */
    static void putHeaders(MultiMap into, Decision decision) {
        if (decision == null) {
            return;
        }
        into.set("X-RateLimit-Limit", String.valueOf(decision.limit()))
                .set("X-RateLimit-Remaining", String.valueOf(decision.remaining()))
                .set("X-RateLimit-Reset", String.valueOf(decision.resetEpochSeconds()));
    }
}
