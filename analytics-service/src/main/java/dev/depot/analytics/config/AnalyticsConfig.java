package dev.depot.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** analytics-service settings, {@code depot.analytics.*}. */
@ConfigMapping(prefix = "depot.analytics")
public interface AnalyticsConfig {

    /**
     * A replay id. When set to a value not seen before, the service truncates every read model at its
     * first partition assignment and reads the domain topics again from the earliest offsets; each id
     * is honoured once, so the setting can stay in place (./depot replay analytics sets a new one).
     */
    Optional<String> replay();

    /** How many days one analytics range may span. */
    @WithDefault("366")
    int maxRangeDays();

    /** How many entries the dashboard's recent_activity holds. */
    @WithDefault("10")
    int dashboardRecent();

    /** How many files the dashboard's recent_files holds. */
    @WithDefault("5")
    int dashboardRecentFiles();

    Webhooks webhooks();

    /** Delivery of events to users' URLs. */
    interface Webhooks {

        /**
         * Whether targets may be loopback, link-local, private or otherwise internal addresses. Off by
         * default: a webhook must not become a way into the network Depot runs in.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();

        /** Attempts per delivery, the first included. */
        @WithDefault("6")
        int maxAttempts();

        /** The wait before the second attempt; it doubles for each one after. */
        @WithDefault("PT10S")
        Duration backoff();

        @WithDefault("PT1H")
        Duration maxBackoff();

        /** A webhook is disabled after this many failed attempts in a row (across its deliveries). */
        @WithDefault("15")
        int disableAfter();

        /** Per attempt: connecting, sending and the answer's status line. */
        @WithDefault("PT10S")
        Duration timeout();

        /** How often due deliveries are looked for (new events also wake the dispatcher). */
        @WithDefault("PT1S")
        Duration pollInterval();

        /** Deliveries sent at once by one dispatcher pass. */
        @WithDefault("16")
        int concurrency();

        /**
         * Events older than this are not delivered: a replay re-reads old events, and nobody wants
         * last month's notifications.
         */
        @WithDefault("PT1H")
        Duration maxEventAge();

        @WithDefault("20")
        int maxPerUser();
    }
}
