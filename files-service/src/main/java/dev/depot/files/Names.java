package dev.depot.files;

import dev.depot.common.error.ApiException;
import java.util.Map;

/** What a file or folder may be called: what every file system and browser can show and store. */
public final class Names {

    public static final int MAX_LENGTH = 255;

    private Names() {
    }

    /** The name, trimmed; 400 for an empty name, path separators, control characters, "." or "..". */
    public static String check(String field, String name) {
        if (name == null || name.isBlank()) {
            throw invalid(field, "is required");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_LENGTH) {
            throw invalid(field, "must be at most " + MAX_LENGTH + " characters");
        }
        if (trimmed.equals(".") || trimmed.equals("..")) {
            throw invalid(field, "may not be '.' or '..'");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                throw invalid(field, "may not contain '/', '\\\\' or control characters");
            }
        }
        return trimmed;
    }

    /** "report.pdf" becomes "report (2).pdf": a free name next to a taken one. */
    public static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            return name.substring(0, dot) + " (" + n + ")" + name.substring(dot);
        }
        return name + " (" + n + ")";
    }

    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }

    private static ApiException invalid(String field, String problem) {
        return ApiException.validation(field + " " + problem, Map.of(field, problem));
    }
}
