package dev.depot.gateway.identity;

import dev.depot.gateway.Futures;
import dev.depot.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Verifies Depot access tokens (RS256, signed by auth-service) against auth-service's JWKS, so that a
 * rate limit is only ever keyed on a user the token really names. Keys are cached and fetched again
 * when a token names a key id not seen yet (rotation), at most once per min-refresh-interval, so
 * made-up key ids cannot turn into a flood of JWKS requests. The services verify tokens themselves:
 * this is about whom to count, and whether the login the token belongs to ({@code sid}) has ended.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);
    private static final int MAX_CACHED = 10_000;
    /** Clock skew allowed on exp and nbf. */
    private static final long LEEWAY_SECONDS = 30;

    private record Verified(String subject, String sid, long expiresAtMillis) {}

    /** Who a request's token names, if anyone, and whether their login has ended since it was issued. */
    public record Caller(String subject, boolean revoked) {
        public static final Caller ANONYMOUS = new Caller(null, false);
    }

    private final GatewayConfig.Jwt config;
    /** Null where ended logins are not looked up (tests of verification alone). */
    private final RevokedLogins revokedLogins;

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile long fetchedAt;
    private volatile long lastAttempt;
    private Future<Map<String, PublicKey>> fetching;
    private HttpClient client;
    private Context context;
    /** The JWKS address that answered last: asked first next time. */
    private volatile int answering;

    @Inject
    public TokenVerifier(GatewayConfig config, RevokedLogins revokedLogins) {
        this(config.jwt(), revokedLogins);
    }

    TokenVerifier(GatewayConfig.Jwt config) {
        this(config, null);
    }

    TokenVerifier(GatewayConfig.Jwt config, RevokedLogins revokedLogins) {
        this.config = config;
        this.revokedLogins = revokedLogins;
    }

    void init(@Observes StartupEvent start, Vertx vertx) {
        start(vertx);
    }

    void start(Vertx vertx) {
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000));
        context = vertx.getOrCreateContext();
    }

    /** The token's subject when its signature, issuer and lifetime check out; null otherwise. */
    public Future<String> subject(String token) {
        return verified(token).map(v -> v == null ? null : v.subject());
    }

    /**
     * The caller a token names, and whether the login it belongs to has ended (asked every time: an
     * ending takes effect at once). A token that does not verify names no one.
     */
    public Future<Caller> caller(String token) {
        return verified(token).compose(v -> {
            if (v == null) {
                return Future.succeededFuture(Caller.ANONYMOUS);
            }
            if (v.sid() == null || revokedLogins == null) {
                return Future.succeededFuture(new Caller(v.subject(), false));
            }
            return revokedLogins.isRevoked(v.sid(), v.expiresAtMillis()).map(ended -> new Caller(v.subject(), ended));
        });
    }

    private Future<Verified> verified(String token) {
        if (token == null || token.isEmpty()) {
            return Future.succeededFuture();
        }
        long now = System.currentTimeMillis();
        Verified hit = verified.get(token);
        if (hit != null) {
            return Future.succeededFuture(hit.expiresAtMillis() > now ? hit : null);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Future.succeededFuture();
        }
        JsonObject header;
        JsonObject claims;
        byte[] signature;
        try {
            header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
            claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (RuntimeException e) {
            return Future.succeededFuture();
        }
        if (!"RS256".equals(header.getValue("alg")) || signature.length == 0) {
            return Future.succeededFuture();
        }
        String kid = header.getValue("kid") instanceof String s ? s : null;
        Map<String, PublicKey> current = keysFresh() ? keys : null;
        if (current != null && (kid == null || current.containsKey(kid))) {
            return Future.succeededFuture(check(token, parts, claims, signature, kid, current));
        }
        return refreshedKeys().map(k -> check(token, parts, claims, signature, kid, k));
    }

    private Verified check(
            String token,
            String[] parts,
            JsonObject claims,
            byte[] signature,
            String kid,
            Map<String, PublicKey> available) {
        boolean good = false;
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (kid != null) {
            PublicKey key = available.get(kid);
            good = key != null && verifies(key, signed, signature);
        } else {
            for (PublicKey key : available.values()) {
                if (verifies(key, signed, signature)) {
                    good = true;
                    break;
                }
            }
        }
        if (!good) {
            return null;
        }
        long nowSeconds = System.currentTimeMillis() / 1000;
        Long exp = number(claims, "exp");
        Long nbf = number(claims, "nbf");
        String subject = claims.getValue("sub") instanceof String s && !s.isBlank() ? s : null;
        if (exp == null
                || exp + LEEWAY_SECONDS <= nowSeconds
                || (nbf != null && nbf - LEEWAY_SECONDS > nowSeconds)
                || !config.issuer().equals(claims.getValue("iss"))
                || subject == null) {
            return null;
        }
        String sid = claims.getValue("sid") instanceof String s && !s.isBlank() ? s : null;
        Verified v = new Verified(subject, sid, (exp + LEEWAY_SECONDS) * 1000);
        remember(token, v);
        return v;
    }

    private static boolean verifies(PublicKey key, byte[] signed, byte[] signature) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(signed);
            return rsa.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Long number(JsonObject claims, String name) {
        return claims.getValue(name) instanceof Number n ? n.longValue() : null;
    }

    private boolean keysFresh() {
        return !keys.isEmpty()
                && System.currentTimeMillis() - fetchedAt < config.maxKeyAge().toMillis();
    }

    /** The keys after a fetch, or the ones known if a fetch is not allowed yet or fails. */
    private synchronized Future<Map<String, PublicKey>> refreshedKeys() {
        if (fetching != null) {
            return Futures.onCallerContext(fetching);
        }
        long now = System.currentTimeMillis();
        if (now - lastAttempt < config.minRefreshInterval().toMillis() && !keys.isEmpty()) {
            return Future.succeededFuture(keys);
        }
        if (now - lastAttempt < Math.min(1000, config.minRefreshInterval().toMillis())) {
            // Even without any keys yet: an unreachable auth-service is asked at most once a second.
            return Future.succeededFuture(keys);
        }
        lastAttempt = now;
        Promise<Map<String, PublicKey>> answer = Promise.promise();
        Future<Map<String, PublicKey>> f = answer.future()
                .map(fetched -> {
                    keys = fetched;
                    fetchedAt = System.currentTimeMillis();
                    return fetched;
                })
                .recover(e -> {
                    LOG.warnf(
                            "cannot fetch the JWKS from %s (%s): tokens count as anonymous until it answers",
                            config.jwksUrl(), e.toString());
                    return Future.succeededFuture(keys);
                });
        fetching = f;
        f.onComplete(ar -> {
            synchronized (this) {
                fetching = null;
            }
        });
        // Started only once `fetching` is set: a fetch that finished first would otherwise have cleared
        // it already, and every later caller would be handed that old, finished fetch.
        // The fetch runs on one event loop from start to end. Begun on a thread outside Vert.x, its
        // callbacks could run there, and a response body read after the response ended never completes.
        context.runOnContext(v -> fetch().onComplete(answer));
        return Futures.onCallerContext(f);
    }

    /**
     * The keys from the first of auth-service's replicas that answers, starting with the one that
     * answered last: with replicas and no load balancer in front, one that is down must not leave
     * every token unverified.
     */
    private Future<Map<String, PublicKey>> fetch() {
        List<String> urls = config.jwksUrl();
        return fetchFrom(urls, answering % urls.size(), urls.size());
    }

    private Future<Map<String, PublicKey>> fetchFrom(List<String> urls, int index, int left) {
        return fetch(urls.get(index))
                .onSuccess(k -> answering = index)
                .recover(e -> left > 1 ? fetchFrom(urls, (index + 1) % urls.size(), left - 1) : Future.failedFuture(e));
    }

    private Future<Map<String, PublicKey>> fetch(String url) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url)
                .putHeader("Accept", "application/json")
                .setTimeout(5000);
        return client.request(options)
                .compose(req -> req.send())
                .compose(resp -> {
                    if (resp.statusCode() != 200) {
                        return Future.failedFuture(new IllegalStateException(url + " answered " + resp.statusCode()));
                    }
                    return resp.body();
                })
                .map(body -> parse(body.toJsonObject()));
    }

    static Map<String, PublicKey> parse(JsonObject jwks) {
        Map<String, PublicKey> parsed = new ConcurrentHashMap<>();
        JsonArray list = jwks.getJsonArray("keys", new JsonArray());
        int unnamed = 0;
        for (int i = 0; i < list.size(); i++) {
            JsonObject jwk = list.getJsonObject(i);
            if (!"RSA".equals(jwk.getString("kty"))
                    || (jwk.containsKey("use") && !"sig".equals(jwk.getString("use")))) {
                continue;
            }
            try {
                BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n")));
                BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e")));
                PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
                parsed.put(jwk.getString("kid", "unnamed-" + unnamed++), key);
            } catch (GeneralSecurityException | RuntimeException ex) {
                LOG.debugf("skipping an unreadable JWK: %s", ex.toString());
            }
        }
        return Map.copyOf(parsed);
    }

    private void remember(String token, Verified v) {
        if (verified.size() >= MAX_CACHED) {
            long now = System.currentTimeMillis();
            verified.values().removeIf(c -> c.expiresAtMillis() <= now);
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
        }
        verified.put(token, v);
    }
}
