package dev.depot.analytics.rest;

import dev.depot.analytics.service.FileAnalyticsService.Range;
import dev.depot.common.error.ApiException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Query parameters the resources share, checked: a bad value answers 400 with the parameter named. */
final class Params {

    private Params() {}

    static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be a date (YYYY-MM-DD)");
        }
    }

    /** A date (its first instant, UTC) or a date-time with an offset. */
    static OffsetDateTime start(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim().length() == 10
                ? date(name, value).atStartOfDay().atOffset(ZoneOffset.UTC)
                : dateTime(name, value);
    }

    /** The instant after which nothing counts: the end of a date, or just after a date-time. */
    static OffsetDateTime endExclusive(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim().length() == 10
                ? date(name, value).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)
                : dateTime(name, value).plusNanos(1000);
    }

    private static OffsetDateTime dateTime(String name, String value) {
        try {
            return OffsetDateTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be a date (YYYY-MM-DD) or a date-time with an offset (2025-01-31T12:00:00Z)");
        }
    }

    /** from and to, both included; the 30 days up to {@code today} (UTC) by default. */
    static Range range(String from, String to, int maxDays, LocalDate today) {
        LocalDate end = to == null || to.isBlank() ? today : date("to", to);
        LocalDate begin = from == null || from.isBlank() ? end.minusDays(29) : date("from", from);
        if (begin.isAfter(end)) {
            throw invalid("from", "must not be after to");
        }
        if (begin.plusDays(maxDays).isBefore(end.plusDays(1))) {
            throw invalid("to", "the range may span at most " + maxDays + " days");
        }
        return new Range(begin, end);
    }

    static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(name, "must be an id");
        }
    }

    /** "a,b" and repeated parameters alike. */
    static List<String> list(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .distinct()
                .toList();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static ApiException invalid(String name, String message) {
        return ApiException.validation(name + " " + message, Map.of(name, message));
    }
}
