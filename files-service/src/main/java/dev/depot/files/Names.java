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

    private static final java.util.Set<String> RESERVED = java.util.Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    /**
     * A client's filename made safe to keep: only its last path segment, without control characters,
     * no names Windows reserves, at most {@link #MAX_LENGTH} characters; "upload" when nothing is left.
     */
    public static String sanitize(String clientName) {
        String name = clientName == null ? "" : clientName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        name.codePoints().filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        name = clean.toString().strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        if (name.isEmpty()) {
            name = "upload";
        }
        String stem = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (RESERVED.contains(stem.toLowerCase(java.util.Locale.ROOT))) {
            name = "_" + name;
        }
        if (name.length() > MAX_LENGTH) {
            String ext = extension(name);
            name = name.substring(0, MAX_LENGTH - (ext.isEmpty() ? 0 : ext.length() + 1)) + (ext.isEmpty() ? "" : "." + ext);
        }
        return name;
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
