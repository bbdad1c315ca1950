package dev.depot.files.service;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Which bytes a GET asks for: its Range header, weighed against If-Range (RFC 9110 §13.1.5). A pure
 * function of the headers and the representation, so it is tested without a server.
 */
public final class Ranges {

    private Ranges() {}

    /** The headers of a request for bytes that decide what it gets. */
    public record Request(String range, String ifRange, String ifNoneMatch) {}

    /** Served whole (no range, an ignored one, or an If-Range that no longer matches). */
    public static final long[] WHOLE = null;

    /**
     * [first, last] of the one range to serve; {@link #WHOLE} (null) for the whole representation; an
     * empty array when the range cannot be satisfied (416). A Range with an If-Range whose validator
     * does not match the representation's is answered whole: the client's part is of other bytes.
     *
     * @param etag the representation's strong entity tag, quoted
     * @param lastModified its Last-Modified (compared to the second), null when it sends none
     * @param now when the answer is made (a date validator is only as strong as it is old)
     */
    public static long[] requested(
            String range, String ifRange, String etag, Instant lastModified, long size, Instant now) {
        if (range == null) {
            return WHOLE;
        }
        if (ifRange != null && !ifRangeMatches(ifRange, etag, lastModified, now)) {
            return WHOLE;
        }
        return parseRange(range, size);
    }

    /**
     * Whether If-Range's validator matches: an entity tag only by strong comparison (a weak one never
     * does); an HTTP-date only when it is exactly the Last-Modified, and that at least a second before
     * {@code now}, since a change within the same second keeps the date (RFC 9110 §8.8.2.2).
     */
    public static boolean ifRangeMatches(String ifRange, String etag, Instant lastModified, Instant now) {
        String v = ifRange.trim();
        if (v.startsWith("W/")) {
            return false;
        }
        if (v.startsWith("\"")) {
            return v.equals(etag);
        }
        if (lastModified == null || !lastModified.isBefore(now.minusSeconds(1))) {
            return false;
        }
        try {
            Instant date =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return date.equals(lastModified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * "bytes=a-b", "bytes=a-" or "bytes=-n" as [first, last]; an empty array when unsatisfiable; null
     * for anything else (several ranges, other units, nonsense), which is answered with the whole file.
     */
    public static long[] parseRange(String header, long size) {
        String h = header.trim().toLowerCase(Locale.ROOT);
        if (!h.startsWith("bytes=") || h.contains(",")) {
            return WHOLE;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String z = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(z);
                if (suffix <= 0 || size == 0) {
                    return new long[0];
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(a);
            long last = z.isEmpty() ? size - 1 : Math.min(Long.parseLong(z), size - 1);
            if (first < 0 || first >= size || (!z.isEmpty() && Long.parseLong(z) < first)) {
                return new long[0];
            }
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            return WHOLE;
        }
    }
}
