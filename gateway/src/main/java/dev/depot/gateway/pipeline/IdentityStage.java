package dev.depot.gateway.pipeline;

import dev.depot.gateway.core.Exchange;
import dev.depot.gateway.core.Policy;
import dev.depot.gateway.core.Refusal;
import dev.depot.gateway.core.Verdict;
import dev.depot.gateway.identity.ApiTokenExchange;
import dev.depot.gateway.identity.RevokedLogins;
import dev.depot.gateway.identity.TokenVerifier;
import dev.depot.gateway.identity.TokenVerifier.Caller;
import dev.depot.gateway.ratelimit.RateLimits.Decision;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Who is calling: the user a verified access token names (Bearer, or the session's cookie), or the
 * user a personal API token stands for once auth-service has exchanged it for an access token. The
 * request is counted for whoever that turns out to be (the rate limit stage); before an exchange, and
 * for a Basic password, the client's address is counted first, so that guessing tokens is limited too.
 */
final class IdentityStage {

    private static final Logger LOG = Logger.getLogger(IdentityStage.class);

    /** Who the request goes on as: the Authorization to forward (null: none), and how the caller's limit stands. */
    record Admitted(String authorization, Decision decision) {}

    private final ApiTokenExchange apiTokens;
    private final TokenVerifier tokens;
    private final RateLimitStage rateLimit;
    private final Duration retryAfter;

    IdentityStage(ApiTokenExchange apiTokens, TokenVerifier tokens, RateLimitStage rateLimit, Duration retryAfter) {
        this.apiTokens = apiTokens;
        this.tokens = tokens;
        this.rateLimit = rateLimit;
        this.retryAfter = retryAfter;
    }

    /**
     * The caller of a request, counted against its limit. The access cookie is read only when the
     * Authorization header carries no token. Refused (401) when the token's login has ended, except
     * where one signs in or out again.
     */
    Future<Verdict<Admitted>> admit(
            String authorization, Supplier<String> accessCookie, String path, Policy policy, Exchange exchange) {
        String address = RateLimitStage.addressKey(exchange.clientAddress());
        String apiToken = ApiTokenExchange.apiTokenOf(authorization);
        Future<Verdict<Admitted>> admitted;
        if (apiToken == null && ApiTokenExchange.isBasic(authorization)) {
            // Basic with anything but an API token: an account password is never taken here.
            admitted = rateLimit.count(policy, address).map(d -> refused(d, policy, unauthorized(authorization, path)));
        } else if (apiToken == null) {
            String token = bearer(authorization);
            admitted = identified(exchange, policy, token != null ? token : accessCookie.get(), path)
                    .map(decision -> Verdict.pass(new Admitted(authorization, decision)));
        } else {
            String known = apiTokens.cached(apiToken);
            admitted = known != null
                    ? identified(exchange, policy, known, path)
                            .map(decision -> Verdict.pass(new Admitted("Bearer " + known, decision)))
                    : exchanged(authorization, apiToken, address, path, policy, exchange);
        }
        return admitted.recover(e -> e instanceof RevokedLogins.LoginEnded
                ? Future.succeededFuture(Verdict.refused(Refusal.of(
                                401,
                                "Unauthorized",
                                "this session has ended (signed out, or the password changed): sign in again",
                                null)
                        .withHeaders(davChallenge(path))))
                : Future.failedFuture(e));
    }

    /** Not exchanged yet: the address pays for asking auth-service, so guessing tokens is limited too. */
    private Future<Verdict<Admitted>> exchanged(
            String authorization, String apiToken, String address, String path, Policy policy, Exchange exchange) {
        return rateLimit.count(policy, address).compose(first -> {
            Optional<Refusal> spent = RateLimitStage.judge(first, policy);
            if (spent.isPresent()) {
                return Future.succeededFuture(Verdict.refused(spent.get()));
            }
            return apiTokens.accessTokenFor(apiToken).transform(answered -> {
                if (answered.failed()) {
                    LOG.warnf("API token exchange failed: %s", answered.cause().toString());
                    return Future.succeededFuture(refused(
                            first, policy, Refusal.unavailable("API tokens cannot be checked right now", retryAfter)));
                }
                if (answered.result() == null) {
                    return Future.succeededFuture(refused(first, policy, unauthorized(authorization, path)));
                }
                String access = answered.result();
                return identified(exchange, policy, access, path)
                        .map(decision -> Verdict.pass(new Admitted("Bearer " + access, decision)));
            });
        });
    }

    /** Fails with LoginEnded for a token of an ended login, except where one signs in or out again. */
    private Future<Decision> identified(Exchange exchange, Policy policy, String token, String path) {
        Future<Caller> caller = token == null ? Future.succeededFuture(Caller.ANONYMOUS) : tokens.caller(token);
        return caller.compose(c -> {
            if (c.revoked() && !RevokedLogins.signsInOrOut(path)) {
                return Future.failedFuture(new RevokedLogins.LoginEnded());
            }
            String user = c.subject();
            exchange.userId(user);
            return rateLimit.count(policy, RateLimitStage.key(policy, user, exchange.clientAddress()));
        });
    }

    /**
     * 429 when the address's window is spent, else the refusal meant; either way with the limit's
     * headers first, since the request was counted.
     */
    private static Verdict<Admitted> refused(Decision counted, Policy policy, Refusal meant) {
        return Verdict.refused(RateLimitStage.judge(counted, policy).orElseGet(() -> new Refusal(
                        meant.status(),
                        meant.error(),
                        meant.message(),
                        meant.details(),
                        RateLimitStage.headers(counted))
                .withHeaders(meant.headers())));
    }

    /** An API token refused by auth-service, or Basic credentials that carry none. */
    static Refusal unauthorized(String authorization, String path) {
        String message = ApiTokenExchange.isBasic(authorization) && ApiTokenExchange.apiTokenOf(authorization) == null
                ? "sign in with a personal API token (dpt_...) as the password"
                : "the API token is not valid";
        return Refusal.of(401, "Unauthorized", message, null).withHeaders(davChallenge(path));
    }

    /** WebDAV clients send credentials only once challenged for them (files-service does so for its own 401s). */
    static Map<String, String> davChallenge(String path) {
        return path != null && (path.equals("/dav") || path.startsWith("/dav/"))
                ? Map.of("WWW-Authenticate", "Basic realm=\"Depot\", charset=\"UTF-8\"")
                : Map.of();
    }

    /** The token of {@code Authorization: Bearer ...}; null for another scheme or an empty one. */
    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
