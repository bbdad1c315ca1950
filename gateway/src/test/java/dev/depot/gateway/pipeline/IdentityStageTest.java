package dev.depot.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.gateway.TestConfigs;
import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.config.GatewayConfig.RateKey;
import dev.depot.gateway.core.Exchange;
import dev.depot.gateway.core.Policy;
import dev.depot.gateway.core.Refusal;
import dev.depot.gateway.core.TraceContext;
import dev.depot.gateway.core.Verdict;
import dev.depot.gateway.identity.ApiTokenExchange;
import dev.depot.gateway.identity.TokenVerifier;
import dev.depot.gateway.pipeline.IdentityStage.Admitted;
import dev.depot.gateway.ratelimit.RateLimits;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Who a request is admitted as, without auth-service: tokens that do not verify name no one, and an
 * API token that cannot be exchanged (no internal secret here) stands for the exchange being down.
 */
class IdentityStageTest {

    private static final Policy POLICY = new Policy(
            "standard", 2, RateKey.USER, Duration.ofMinutes(1), 1024, Duration.ofSeconds(30), Duration.ofSeconds(60));

    private final GatewayConfig config = TestConfigs.gateway(Map.of());
    private final IdentityStage identity = new IdentityStage(
            new ApiTokenExchange(config),
            new TokenVerifier(config, null),
            new RateLimitStage(new RateLimits(config)),
            Duration.ofSeconds(3));
    private final Exchange exchange = new Exchange("r", TraceContext.from(null, null), "10.0.0.9", "http", null, "");
    private final AtomicInteger cookieReads = new AtomicInteger();

    private Verdict<Admitted> admit(String authorization, String path) {
        Future<Verdict<Admitted>> admitted = identity.admit(
                authorization,
                () -> {
                    cookieReads.incrementAndGet();
                    return null;
                },
                path,
                POLICY,
                exchange);
        assertThat(admitted.succeeded()).isTrue();
        return admitted.result();
    }

    @Test
    void anAnonymousCallerIsCountedByAddressAndForwardsNothing() {
        Admitted first = pass(admit(null, "/api/cdn/files"));
        assertThat(first.authorization()).isNull();
        assertThat(first.decision().remaining()).isEqualTo(1);
        assertThat(exchange.userId()).isNull();
        assertThat(cookieReads.get()).as("the session cookie is looked at").isEqualTo(1);
        assertThat(pass(admit(null, "/api/cdn/files")).decision().allowed()).isTrue();
        assertThat(pass(admit(null, "/api/cdn/files")).decision().allowed())
                .as("the address's window is spent")
                .isFalse();
    }

    @Test
    void aBearerTokenIsForwardedAsSentForTheServiceToVerify() {
        Admitted admitted = pass(admit("Bearer not-a-jwt", "/api/cdn/files"));
        assertThat(admitted.authorization()).isEqualTo("Bearer not-a-jwt");
        assertThat(exchange.userId())
                .as("a token that does not verify names no one")
                .isNull();
        assertThat(cookieReads.get())
                .as("a token in the header wins over the cookie")
                .isZero();
    }

    @Test
    void anAccountPasswordIsNeverTakenAndTheAddressPaysForTrying() {
        Refusal refusal = refused(admit(basic("me:hunter2"), "/dav/Documents"));
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.error()).isEqualTo("Unauthorized");
        assertThat(refusal.message()).isEqualTo("sign in with a personal API token (dpt_...) as the password");
        assertThat(refusal.headers())
                .containsEntry("X-RateLimit-Remaining", "1")
                .containsEntry("WWW-Authenticate", "Basic realm=\"Depot\", charset=\"UTF-8\"");

        assertThat(refused(admit(basic("me:hunter2"), "/api/cdn/files")).headers())
                .as("a challenge only where WebDAV clients need one")
                .doesNotContainKey("WWW-Authenticate");
        assertThat(refused(admit(basic("me:hunter2"), "/dav")).status())
                .as("the window is spent")
                .isEqualTo(429);
    }

    @Test
    void anApiTokenThatCannotBeExchangedIsUnavailableAfterTheAddressIsCounted() {
        Refusal refusal = refused(admit("Bearer dpt_abc", "/api/cdn/files"));
        assertThat(refusal.status()).isEqualTo(503);
        assertThat(refusal.message()).isEqualTo("API tokens cannot be checked right now");
        assertThat(refusal.headers().keySet())
                .containsExactly("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "retry-after");
        assertThat(refusal.headers()).containsEntry("retry-after", "3").containsEntry("X-RateLimit-Remaining", "1");

        assertThat(refused(admit(basic("webdav:dpt_abc"), "/dav")).status()).isEqualTo(503);
        assertThat(refused(admit("Bearer dpt_abc", "/api/cdn/files")).status())
                .as("guessing tokens is limited like anything else")
                .isEqualTo(429);
    }

    @Test
    void credentialsAreReadFromTheirHeaders() {
        assertThat(IdentityStage.bearer("Bearer abc ")).isEqualTo("abc");
        assertThat(IdentityStage.bearer("bearer abc")).isEqualTo("abc");
        assertThat(IdentityStage.bearer("Bearer   ")).isNull();
        assertThat(IdentityStage.bearer("Basic abc")).isNull();
        assertThat(IdentityStage.bearer(null)).isNull();
        assertThat(IdentityStage.unauthorized("Bearer dpt_abc", "/api").message())
                .isEqualTo("the API token is not valid");
        assertThat(IdentityStage.davChallenge("/davx")).isEmpty();
        assertThat(IdentityStage.davChallenge("/dav/")).containsKey("WWW-Authenticate");
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static Admitted pass(Verdict<Admitted> verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Pass.class);
        return ((Verdict.Pass<Admitted>) verdict).value();
    }

    private static Refusal refused(Verdict<Admitted> verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused<Admitted>) verdict).refusal();
    }
}
