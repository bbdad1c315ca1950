package dev.depot.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    interface LoginThrottle {
        /** Failures allowed for one account within the window before its logins are refused. */
        @WithDefault("5")
        int maxFailuresPerAccount();

        /** Failures allowed from one client address (many people may share one) within the window. */
        @WithDefault("20")
        int maxFailuresPerAddress();

        @WithDefault("PT15M")
        Duration window();

        /** Each failure in the window holds the next 401 back this much longer (at most 2 s). */
        @WithDefault("PT0.2S")
        Duration delayStep();
    }
}
