package dev.depot.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The gateway's route table, limits and edge behaviour, {@code depot.gateway.*}. */
@ConfigMapping(prefix = "depot.gateway")
public interface GatewayConfig {

    /** Routes by the name of the service they lead to. */
    Map<String, Route> routes();

    @WithDefault("PT5S")
    Duration connectTimeout();

    /** A request or response that moves no bytes for this long is cut (504 if nothing was answered yet). */
    @WithDefault("PT60S")
    Duration idleTimeout();

    /** Whole exchanges of policies that set no request-timeout of their own; PT0S: none. */
    @WithDefault("PT30S")
    Duration requestTimeout();

    /** Request bodies of policies that set no max-body-size of their own. */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** All request headers together (names, values and framing); more is 431. */
    @WithDefault("16K")
    MemorySize maxHeaderSize();

    /**
     * The request target (path and query); longer is 414. Below the services' own limit
     * (quarkus.http.limits.max-initial-line-length), which they would answer without the envelope.
     */
    @WithDefault("8192")
    int maxUriLength();

    /**
     * Where clients reach Depot (https://drive.example.com, or with a path prefix), when it is fixed:
     * the services build every absolute URL they answer (paging, public and download links) from it.
     * Unset: from the Host the client asked for, or what trusted proxies in front forwarded.
     */
    Optional<URI> publicUrl();

    /** The web app the gateway serves at /. */
    Web web();

    /** Connections kept to each service: to each of its replicas when it has several. */
    @WithDefault("64")
    int maxConnectionsPerService();

    /** Requests in flight to one service; one more is answered 503 with Retry-After instead of queueing. */
    @WithDefault("256")
    int maxInFlightPerService();

    /** What Retry-After says on a 503 the gateway answers itself. */
    @WithDefault("PT2S")
    Duration retryAfter();

    /**
     * Proxies in front of the gateway that append to X-Forwarded-For (an ingress, a load balancer).
     * 0: the client is the peer of the connection, and a client's X-Forwarded-For is ignored.
     */
    @WithDefault("0")
    int trustedProxies();

    /** Shared secret proving to services' /internal APIs that the caller is the gateway. */
    Optional<String> internalSecret();

    /**
     * How long an exchanged personal API token is reused before auth-service is asked again: also how
     * long a deleted API token may still work.
     */
    @WithDefault("PT1S")
    Duration apiTokenCacheTtl();

    /** Limits per kind of request, by name; {@code standard} applies where no other matches. */
    Map<String, Policy> policies();

    RateLimit rateLimit();

    Jwt jwt();

    Revocation revocation();

    Cors cors();

    SecurityHeaders securityHeaders();

    AccessLog accessLog();

    /**
     * A service's replicas and the paths it owns. {@code url} lists one or more replicas, comma-separated
     * ({@code http://127.0.0.1:8082,http://127.0.0.1:18082}); requests are balanced over those that are up.
     */
    interface Route {
        @WithName("url")
        List<URI> urls();

        /** The first replica: where a one-off call (not a proxied request) goes. */
        default URI url() {
            return urls().get(0);
        }

        /**
         * Each replica's health endpoint (a GET answering 2xx when it may take requests, like
         * {@code http://127.0.0.1:9082/q/health/ready} on its management port), in the order of
         * {@code url}, one per replica. Unset: replicas are taken out only when connections to them fail.
         */
        Optional<List<URI>> healthUrl();

        List<String> prefixes();
    }

    /** How the replicas of a service are watched and taken out. */
    Replicas replicas();

    interface Replicas {
        /** How often each replica's health-url is asked. */
        @WithDefault("PT2S")
        Duration healthInterval();

        /** A health check slower than this fails. */
        @WithDefault("PT1S")
        Duration healthTimeout();

        /** How long a replica that refused or dropped a connection is left out; doubled for each failure in a row. */
        @WithDefault("PT1S")
        Duration backoff();

        /** The longest a failing replica is left out before it is tried again (its health check may bring it back sooner). */
        @WithDefault("PT30S")
        Duration maxBackoff();

        /**
         * When set, a route url whose host is a name stands for every address the name resolves to, looked
         * up this often, each address a replica (with its health-url's host likewise replaced): replicas
         * behind one DNS name (docker-compose {@code --scale}, a headless Kubernetes Service) come and go
         * with its addresses. Unset, a name is one replica, resolved per connection.
         */
        Optional<Duration> resolveInterval();
    }

    /**
     * What applies to the requests it matches. {@code match} lists {@code [METHOD ]/path/pattern}: a
     * segment {@code *} is any one segment, a final {@code **} any rest; the most specific match wins.
     */
    interface Policy {
        Optional<List<String>> match();

        /** Requests per window and caller; 0: not limited. */
        @WithDefault("100")
        int rateLimit();

        /** Who a limit counts: the user when the token is verified (else the address), or always the address. */
        @WithDefault("user")
        RateKey rateKey();

        /** Defaults to depot.gateway.rate-limit.window. */
        Optional<Duration> window();

        /** Defaults to depot.gateway.max-body-size. */
        Optional<MemorySize> maxBodySize();

        /** Defaults to depot.gateway.request-timeout; PT0S for streams that may last as long as bytes flow. */
        Optional<Duration> requestTimeout();

        /** Defaults to depot.gateway.idle-timeout. */
        Optional<Duration> idleTimeout();
    }

    enum RateKey {
        USER,
        ADDRESS
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("PT1M")
        Duration window();

        /** redis://host:port[/db]; unset: limits are kept in this gateway's memory (one replica). */
        Optional<String> redisUrl();

        /** Prefix of the counters' keys in Redis, so several suites can share one server. */
        @WithDefault("depot:rl:")
        String keyPrefix();

        /** A Redis answer slower than this counts as Redis being down. */
        @WithDefault("PT0.25S")
        Duration redisTimeout();

        /** After a Redis failure, how long limits stay in memory before Redis is tried again. */
        @WithDefault("PT5S")
        Duration redisRetryAfter();
    }

    interface Jwt {
        /**
         * auth-service's public keys, to verify access tokens before trusting them for rate limits: one
         * address per replica when there is no load balancer in front of them, tried in turn.
         */
        @WithDefault("http://127.0.0.1:8081/api/auth/jwks")
        List<String> jwksUrl();

        @WithDefault("depot")
        String issuer();

        /** The least time between two fetches of the JWKS (a token with an unknown kid asks for one). */
        @WithDefault("PT30S")
        Duration minRefreshInterval();

        /** Keys older than this are fetched again on next use. */
        @WithDefault("PT10M")
        Duration maxKeyAge();
    }

    /** Where auth-service lists ended logins: a token whose {@code sid} is listed is refused (401). */
    interface Revocation {
        /** redis://host:port[/db], the one auth-service writes to; unset: tokens are good until they expire. */
        Optional<String> redisUrl();

        /** Followed by the login's id; auth-service writes with the same prefix. */
        @WithDefault("depot:revoked:sid:")
        String keyPrefix();

        /** A Redis answer slower than this counts as Redis being down: the request goes on (fails open). */
        @WithDefault("PT0.25S")
        Duration redisTimeout();

        /** After a Redis failure, how long requests go on unchecked before Redis is asked again. */
        @WithDefault("PT5S")
        Duration redisRetryAfter();
    }

    interface Cors {
        /** Origins allowed to call the API from a browser, with credentials. */
        @WithDefault("http://127.0.0.1:8080,http://localhost:8080")
        List<String> origins();

        @WithDefault("PT10M")
        Duration maxAge();
    }

    interface SecurityHeaders {
        /** Strict-Transport-Security is sent on TLS connections; true sends it always (TLS ends in front). */
        @WithDefault("false")
        boolean forceHsts();

        @WithDefault("P365D")
        Duration hstsMaxAge();

        @WithDefault("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
        String contentSecurityPolicy();

        @WithDefault("strict-origin-when-cross-origin")
        String referrerPolicy();

        @WithDefault("DENY")
        String frameOptions();
    }

    interface AccessLog {
        @WithDefault("true")
        boolean enabled();

        /** Query parameters whose values never reach the log. */
        @WithDefault("token,sig,key,password,access_token")
        List<String> redactQueryParams();

        /** Path templates whose {placeholders} are secrets: the segment is logged as the placeholder. */
        @WithDefault("/api/cdn/shares/public/{token},/s/{token},/cdn/drop/{ticket},/cdn/t/{ticket}")
        List<String> redactPaths();
    }

    interface Web {
        /**
         * The built web app (web/dist: index.html and hashed assets), read into memory at start. Relative
         * to the working directory; when it is missing, / answers 404 saying how to build it.
         */
        @WithDefault("web/dist")
        String dir();

        /**
         * Prefixes (whole segments) a service owns that are also pages of the app, like a public link's
         * {@code /s/{token}}: a GET or HEAD whose Accept names text/html (a browser navigating) is given
         * index.html, any other request (an API client's {@code *}{@code /*} or application/json) is proxied.
         */
        @WithDefault("/s")
        List<String> pagePrefixes();
    }
}
