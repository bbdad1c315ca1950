package dev.depot.analytics.query;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The orderings the analytics file list accepts, by their value of the {@code ordering} query
 * parameter. The resource validates the parameter against these and the repository turns each into
 * SQL, so neither needs the other.
 */
public enum FileOrdering {
    TOTAL("-total"),
    DOWNLOADS("-downloads"),
    SHARE_VIEWS("-share_views"),
    SHARE_DOWNLOADS("-share_downloads"),
    LAST_ACCESSED("-last_accessed"),
    CREATED_AT("-created_at"),
    FILENAME("filename");

    /** When the request names none. */
    public static final FileOrdering DEFAULT = TOTAL;

    private final String queryValue;

    FileOrdering(String queryValue) {
        this.queryValue = queryValue;
    }

    public static Optional<FileOrdering> fromQueryValue(String value) {
        return Arrays.stream(values()).filter(o -> o.queryValue.equals(value)).findFirst();
    }

    public static List<String> queryValues() {
        return Arrays.stream(values()).map(o -> o.queryValue).toList();
    }
}
