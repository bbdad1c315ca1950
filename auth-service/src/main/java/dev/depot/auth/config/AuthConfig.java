package dev.depot.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** auth-service settings, {@code depot.auth.*}. */
@ConfigMapping(prefix = "depot.auth")
public interface AuthConfig {

    /** {@code iss} of every token; services verify it. */
    @WithDefault("depot")
    String issuer();

    /** Where the signing keys are generated at first start and kept (never committed). */
    String keysDir();

    @WithDefault("PT15M")
    Duration accessTokenTtl();

    @WithDefault("P30D")
    Duration refreshTokenTtl();

    /**
     * How long after its use a refresh token may be presented again and get the same successor: two tabs
     * (or two parallel requests) refreshing at once. Later, a reuse means the token leaked.
     */
    @WithDefault("PT10S")
    Duration refreshReuseGrace();

    /** Storage quota of a new account, in bytes (5 GiB). */
    @WithDefault("5368709120")
    long defaultStorageQuota();

    @WithDefault("10")
    int minPasswordLength();

    /** How long the one-time code of an external login may wait to be redeemed. */
    @WithDefault("PT1M")
    Duration authCodeTtl();

    External external();

    interface External {
        /** The provider's name, kept with each linked account ({@code slack}, {@code google}, ...). */
        @WithDefault("slack")
        String provider();

        /** Where the browser goes after an external login; {@code auth_code} is appended. */
        @WithDefault("/login/callback")
        String webRedirect();
    }

    /** Mark session cookies Secure; turn on wherever the suite is served over TLS. */
    @WithDefault("false")
    boolean cookieSecure();

    LoginThrottle loginThrottle();

    /**
     * Failed sign-ins are counted per account and client address, per address and per account, each in
     * a sliding window. The per-account ceiling is far higher than the per-address limits, so that a
     * stranger guessing from a few addresses cannot lock the owner out; only a guesser spread over many
     * addresses reaches it, and then the account's sign-ins wait until failures leave the window.
     */
    interface LoginThrottle {
        /** Failures allowed for one account from one client address; past it that address waits, for that account. */
        @WithDefault("5")
        int maxFailuresPerAccountAndAddress();

        /** Failures allowed from one client address (many people may share one), whatever the accounts. */
        @WithDefault("20")
        int maxFailuresPerAddress();

        /** Failures allowed for one account from every address together: the ceiling on distributed guessing. */
        @WithDefault("50")
        int maxFailuresPerAccount();

        @WithDefault("PT15M")
        Duration window();

        /** Each failure in the window holds the next 401 back this much longer (at most 2 s). */
        @WithDefault("PT0.2S")
        Duration delayStep();

        /**
         * redis://host:port[/db] where every replica counts failures together; unset: each replica
         * counts in its own memory (and a guesser gets the limits once per replica).
         */
        Optional<String> redisUrl();

        /** Followed by the window's name (pair:, address:, account:...). */
        @WithDefault("depot:auth:login-failures:")
        String keyPrefix();

        /** A Redis answer slower than this counts as a failure: the sign-in is counted in memory instead. */
        @WithDefault("PT0.5S")
        Duration redisTimeout();

        /** After a Redis failure, how long to count in memory before asking Redis again. */
        @WithDefault("PT5S")
        Duration redisRetryAfter();
    }

    Revocation revocation();

    /** Where ended logins are listed for the gateway, which refuses their access tokens at once. */
    interface Revocation {
        /** redis://host:port[/db], the one the gateway reads; unset: access tokens live until they expire. */
        Optional<String> redisUrl();

        /** Followed by the login's id ({@code sid}); the gateway reads the same prefix. */
        @WithDefault("depot:revoked:sid:")
        String keyPrefix();

        /** A write slower than this is given up and logged; the sign-out itself still succeeds. */
        @WithDefault("PT1S")
        Duration redisTimeout();
    }
}
