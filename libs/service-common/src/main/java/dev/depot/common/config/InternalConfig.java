package dev.depot.common.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The service-to-service settings every service shares, {@code depot.internal.*}. */
@ConfigMapping(prefix = "depot.internal")
public interface InternalConfig {

    /**
     * The secret Depot services prove themselves with on each other's {@code /internal/**} API. Unset:
     * the internal API refuses everyone.
     */
    Optional<String> secret();
}
