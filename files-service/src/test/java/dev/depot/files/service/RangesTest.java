package dev.depot.files.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The Range / If-Range decision (RFC 9110 §14.2, §13.1.5), as a pure function: no server. */
class RangesTest {

    static final String ETAG = "\"abc123\"";
    static final Instant MODIFIED = Instant.parse("2025-03-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final String MODIFIED_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.format(MODIFIED.atZone(ZoneOffset.UTC));

    static long[] decide(String range, String ifRange) {
        return Ranges.requested(range, ifRange, ETAG, MODIFIED, 1000, NOW);
    }

    @Test
    void withoutIfRangeTheRangeIsServed() {
        assertThat(decide("bytes=0-99", null)).containsExactly(0, 99);
        assertThat(decide("bytes=900-", null)).containsExactly(900, 999);
        assertThat(decide("bytes=-10", null)).containsExactly(990, 999);
        assertThat(decide("bytes=950-5000", null)).containsExactly(950, 999);
        assertThat(decide(null, null)).isNull();
        assertThat(decide(null, ETAG)).isNull();
    }

    @Test
    void unsatisfiableAndIgnoredRanges() {
        assertThat(decide("bytes=1000-", null)).isEmpty();
        assertThat(decide("bytes=-0", null)).isEmpty();
        assertThat(decide("bytes=50-10", null)).isEmpty();
        assertThat(Ranges.requested("bytes=-5", null, ETAG, MODIFIED, 0, NOW)).isEmpty();
        // Several ranges, other units and nonsense: the whole file.
        assertThat(decide("bytes=0-1,5-6", null)).isNull();
        assertThat(decide("items=0-1", null)).isNull();
        assertThat(decide("bytes=a-b", null)).isNull();
        assertThat(decide("bytes=5", null)).isNull();
    }

    @Test
    void aMatchingStrongEtagServesTheRange() {
        assertThat(decide("bytes=0-99", ETAG)).containsExactly(0, 99);
        assertThat(decide("bytes=0-99", " " + ETAG + " ")).containsExactly(0, 99);
    }

    @Test
    void anEtagThatDoesNotMatchOrIsWeakServesTheWholeFile() {
        assertThat(decide("bytes=0-99", "\"other\"")).isNull();
        assertThat(decide("bytes=0-99", "W/" + ETAG)).isNull();
        assertThat(decide("bytes=0-99", "\"abc123")).isNull();
        // Even a range that could not be satisfied: the client's copy is of other bytes.
        assertThat(decide("bytes=5000-", "\"other\"")).isNull();
    }

    @Test
    void aDateServesTheRangeOnlyWhenItIsExactlyTheLastModified() {
        assertThat(decide("bytes=0-99", MODIFIED_DATE)).containsExactly(0, 99);
        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(MODIFIED.plusSeconds(1).atZone(ZoneOffset.UTC));
        String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(MODIFIED.minusSeconds(1).atZone(ZoneOffset.UTC));
        assertThat(decide("bytes=0-99", later)).isNull();
        assertThat(decide("bytes=0-99", earlier)).isNull();
        assertThat(decide("bytes=0-99", "yesterday")).isNull();
        // Fractions of a second are not in an HTTP-date: the comparison is to the second.
        assertThat(Ranges.requested("bytes=0-99", MODIFIED_DATE, ETAG, MODIFIED.plusMillis(400), 1000, NOW))
                .containsExactly(0, 99);
    }

    @Test
    void aDateIsNoValidatorWithoutALastModifiedOrWhenItIsNotASecondOld() {
        assertThat(Ranges.requested("bytes=0-99", MODIFIED_DATE, ETAG, null, 1000, NOW)).isNull();
        assertThat(Ranges.requested("bytes=0-99", MODIFIED_DATE, ETAG, MODIFIED, 1000, MODIFIED.plusMillis(500)))
                .isNull();
        assertThat(Ranges.requested("bytes=0-99", MODIFIED_DATE, ETAG, MODIFIED, 1000, MODIFIED.plusSeconds(2)))
                .containsExactly(0, 99);
    }
}
