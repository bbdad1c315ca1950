package dev.depot.gateway.core;

import dev.depot.gateway.config.GatewayConfig.RateKey;
import java.time.Duration;

/**
 * The limits that apply to one kind of request (see RoutePolicies), with every default resolved. Zero
 * durations and limits mean "none".
 */
public record Policy(
        String name,
        int rateLimit,
        RateKey rateKey,
        Duration window,
        long maxBodySize,
        Duration requestTimeout,
        Duration idleTimeout) {}
