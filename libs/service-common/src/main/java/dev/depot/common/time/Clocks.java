package dev.depot.common.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock every service reads the time from, in UTC, so stored and published times carry the
 * same Z offset whatever the machine's time zone. A test that needs another time produces its own
 * {@link Clock} bean (a fixed or offset one), which takes this one's place.
 */
@Singleton
public class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock utc() {
        return Clock.systemUTC();
    }
}
