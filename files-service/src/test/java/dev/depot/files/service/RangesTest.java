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
        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                MODIFIED.plusSeconds(1).atZone(ZoneOffset.UTC));
        String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                MODIFIED.minusSeconds(1).atZone(ZoneOffset.UTC));
        assertThat(decide("bytes=0-99", later)).isNull();
        assertThat(decide("bytes=0-99", earlier)).isNull();
        assertThat(decide("bytes=0-99", "yesterday")).isNull();
        // Fractions of a second are not in an HTTP-date: the comparison is to the second.
        assertThat(Ranges.requested("bytes=0-99", MODIFIED_DATE, ETAG, MODIFIED.plusMillis(400), 1000, NOW))
                .containsExactly(0, 99);
    }

    @Test
    void aDateIsNoValidatorWithoutALastModifiedOrWhenItIsNotASecondOld() {
        assertThat(Ranges.requested("bytes=0-99", MODIFIED_DATE, ETAG, null, 1000, NOW))
                .isNull();
        assertThat(Ranges.requested("bytes=0-99", MODIFIED_DATE, ETAG, MODIFIED, 1000, MODIFIED.plusMillis(500)))
                .isNull();
        assertThat(Ranges.requested("bytes=0-99", MODIFIED_DATE, ETAG, MODIFIED, 1000, MODIFIED.plusSeconds(2)))
                .containsExactly(0, 99);
    }

    // The Range header alone (Ranges.parseRange), for a 1000-byte file unless said otherwise.

    static long[] parse(String range) {
        return Ranges.parseRange(range, 1000);
    }

    @Test
    void aFirstAndLastByteAreServedInclusively() {
        assertThat(parse("bytes=0-0")).containsExactly(0, 0);
        assertThat(parse("bytes=10-19")).containsExactly(10, 19);
        assertThat(parse("bytes=999-999")).containsExactly(999, 999);
        // A last byte past the end is the end.
        assertThat(parse("bytes=500-1000")).containsExactly(500, 999);
        // The unit is case-insensitive, and spaces around the numbers are allowed.
        assertThat(parse("Bytes=0-9")).containsExactly(0, 9);
        assertThat(parse(" bytes= 0 - 9 ")).containsExactly(0, 9);
    }

    @Test
    void anOpenEndedRangeRunsToTheEnd() {
        assertThat(parse("bytes=0-")).containsExactly(0, 999);
        assertThat(parse("bytes=999-")).containsExactly(999, 999);
    }

    @Test
    void aSuffixRangeIsTheLastBytes() {
        assertThat(parse("bytes=-1")).containsExactly(999, 999);
        assertThat(parse("bytes=-1000")).containsExactly(0, 999);
        // A suffix longer than the file is the whole file, as a range.
        assertThat(parse("bytes=-5000")).containsExactly(0, 999);
    }

    @Test
    void severalRangesAreAnsweredWithTheWholeFile() {
        assertThat(parse("bytes=0-1,5-6")).isNull();
        assertThat(parse("bytes=0-1, 5-6")).isNull();
        assertThat(parse("bytes=-5,0-1")).isNull();
    }

    @Test
    void rangesOutsideTheFileCannotBeSatisfied() {
        assertThat(parse("bytes=1000-")).isEmpty();
        assertThat(parse("bytes=1000-1999")).isEmpty();
        assertThat(parse("bytes=20-10")).isEmpty();
        assertThat(parse("bytes=-0")).isEmpty();
        // An empty file has no byte to serve.
        assertThat(Ranges.parseRange("bytes=0-", 0)).isEmpty();
        assertThat(Ranges.parseRange("bytes=-1", 0)).isEmpty();
    }

    @Test
    void malformedRangesAreIgnored() {
        for (String range : new String[] {
            "bytes=",
            "bytes=-",
            "bytes=5",
            "bytes 0-9",
            "bytes:0-9",
            "bits=0-9",
            "bytes=a-9",
            "bytes=0-z",
            "bytes=1-2-3",
            "bytes=0x10-",
            "bytes=1.5-2",
            ""
        }) {
            assertThat(parse(range)).as(range).isNull();
        }
    }

    @Test
    void numbersBeyondALongAreIgnoredAndHugeOnesAreClamped() {
        assertThat(parse("bytes=99999999999999999999-")).isNull();
        assertThat(parse("bytes=0-99999999999999999999")).isNull();
        assertThat(parse("bytes=-99999999999999999999")).isNull();
        assertThat(parse("bytes=0-" + Long.MAX_VALUE)).containsExactly(0, 999);
        assertThat(parse("bytes=-" + Long.MAX_VALUE)).containsExactly(0, 999);
        assertThat(parse("bytes=" + Long.MAX_VALUE + "-")).isEmpty();
    }
}
