package dev.depot.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The gateway's route table and proxy limits, {@code depot.gateway.*}. */
@ConfigMapping(prefix = "depot.gateway")
public interface GatewayConfig {

    /** Routes by the name of the service they lead to. */
    Map<String, Route> routes();

    @WithDefault("PT5S")
    Duration connectTimeout();

    /** A request or response that moves no bytes for this long is cut (504 if nothing was answered yet). */
    @WithDefault("PT60S")
    Duration idleTimeout();

    /** Connections kept to each service. */
    @WithDefault("64")
    int maxConnectionsPerService();

    /** Shared secret proving to services' /internal APIs that the caller is the gateway. */
    java.util.Optional<String> internalSecret();

    /** How long an exchanged personal API token is reused before auth-service is asked again. */
    @WithDefault("PT60S")
    Duration apiTokenCacheTtl();

    interface Route {
        URI url();

        List<String> prefixes();
    }
}
