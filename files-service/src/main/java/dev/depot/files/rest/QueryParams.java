package dev.depot.files.rest;

import dev.depot.common.error.ApiException;
import dev.depot.common.web.PageRequest;
import java.util.Map;

/**
 * Numeric query parameters, taken as text and read here. Bound as {@code Integer}, a value that is
 * not a number fails conversion, which JAX-RS answers for a query parameter with a bare 404; read
 * here, it is a 400 in the envelope that names the parameter.
 */
public final class QueryParams {

    private QueryParams() {}

    /** {@code page} and {@code page_size}, each a whole number from 1 when given. */
    public static PageRequest page(String page, String pageSize) {
        return PageRequest.of(positive("page", page), positive("page_size", pageSize));
    }

    /** Null when absent or empty; otherwise a whole number from 1 to 2147483647, or 400 naming {@code name}. */
    public static Integer positive(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String problem = "must be a whole number from 1 to " + Integer.MAX_VALUE;
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.validation(name + " " + problem, Map.of(name, problem));
    }
}
