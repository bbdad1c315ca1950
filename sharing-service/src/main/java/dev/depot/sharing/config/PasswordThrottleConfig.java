package dev.depot.sharing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where wrong link passwords are counted, {@code depot.sharing.password-throttle.*}: see LinkPasswords. */
@ConfigMapping(prefix = "depot.sharing.password-throttle")
public interface PasswordThrottleConfig {

    /** redis://host:port[/db] where every replica counts together; unset: each replica in its memory. */
    Optional<String> redisUrl();

    /** Followed by the link's id and the client address. */
    @WithDefault("depot:sharing:password-failures:")
    String keyPrefix();

    /** A Redis answer slower than this counts as a failure: the guess is counted in memory instead. */
    @WithDefault("PT0.5S")
    Duration redisTimeout();

    /** After a Redis failure, how long to count in memory before asking Redis again. */
    @WithDefault("PT5S")
    Duration redisRetryAfter();
}
