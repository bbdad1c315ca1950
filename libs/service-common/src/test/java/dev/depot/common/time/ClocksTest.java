package dev.depot.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class ClocksTest {

    @Test
    void theServicesClockIsUtcWhateverTheMachinesZone() {
        OffsetDateTime now = OffsetDateTime.now(new Clocks().utc());
        assertThat(now.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(now).isCloseToUtcNow(within(5, ChronoUnit.SECONDS));
    }
}
