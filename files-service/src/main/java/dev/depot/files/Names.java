package dev.depot.files;

import dev.depot.common.error.ApiException;
import java.text.Normalizer;
import java.util.Map;

/**
 * What a file or folder may be called: what every file system and browser can show and store. Names
 * are kept in Unicode NFC, so two spellings of "é" are one name (and one sibling-uniqueness key).
 */
public final class Names {

    /** The most a name may take, in UTF-8 bytes (what most file systems allow). */
    public static final int MAX_BYTES = 255;

    private Names() {}

    /**
     * An explicit name (create, rename, register), trimmed and in NFC; 400 saying why for an empty
     * name, path separators, control characters, bidirectional controls, broken Unicode, more than
     * {@link #MAX_BYTES} UTF-8 bytes, "." or "..".
     */
    public static String check(String field, String name) {
        if (name == null || name.isBlank()) {
            throw invalid(field, "is required");
        }
        // Looked for before trimming: a trailing newline or tab is a control character too.
        String why = hostile(name);
        if (why != null) {
            throw invalid(field, why);
        }
        String trimmed = nfc(name).strip();
        if (trimmed.indexOf('/') >= 0 || trimmed.indexOf('\\') >= 0) {
            throw invalid(field, "may not contain '/' or '\\\\'");
        }
        if (utf8Length(trimmed) > MAX_BYTES) {
            throw invalid(field, "must be at most " + MAX_BYTES + " bytes in UTF-8");
        }
        if (trimmed.equals(".") || trimmed.equals("..")) {
            throw invalid(field, "may not be '.' or '..'");
        }
        return trimmed;
    }

    /**
     * Why {@code name} cannot be kept as it is, or null: a control character (C0, DEL, C1; NUL cannot
     * even be stored), a bidirectional override or isolate (it can show "evil<U+202E>gpj.exe" as
     * "evilexe.jpg"), or half of a surrogate pair.
     */
    public static String hostile(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return "may not contain control characters (it contains " + codePoint(c) + ")";
            }
            if (isBidiControl(c)) {
                return "may not contain bidirectional controls, which can disguise a name (it contains " + codePoint(c)
                        + ")";
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    return "is not valid Unicode (a lone surrogate " + codePoint(c) + ")";
                }
                i++;
            }
        }
        return null;
    }

    /**
     * A client's filename that is refused rather than cleaned (a tus upload's, checked when the upload
     * is created so that its last PATCH cannot fail on it): 400 naming {@code field} for what
     * {@link #hostile} names or more than {@link #MAX_BYTES} UTF-8 bytes; otherwise the name in NFC,
     * to be {@link #sanitize}d like any upload's.
     */
    public static String checkClientName(String field, String name) {
        String why = hostile(name);
        if (why != null) {
            throw invalid(field, why);
        }
        String normalized = nfc(name);
        if (utf8Length(normalized) > MAX_BYTES) {
            throw invalid(field, "must be at most " + MAX_BYTES + " bytes in UTF-8");
        }
        return normalized;
    }

    /**
     * A search term, trimmed and in NFC like the names it is compared with; 400 naming {@code field}
     * for what no name can contain (NUL would not even reach the database).
     */
    public static String searchTerm(String field, String text) {
        String why = hostile(text);
        if (why != null) {
            throw invalid(field, why);
        }
        return nfc(text).strip();
    }

    /** U+202A..U+202E (embeddings and overrides) and U+2066..U+2069 (isolates). */
    static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    private static final java.util.Set<String> RESERVED = java.util.Set.of(
            "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1",
            "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    /**
     * A client's filename made safe to keep: only its last path segment, in NFC, without control
     * characters, bidirectional controls or broken Unicode, no names Windows reserves, at most
     * {@link #MAX_BYTES} UTF-8 bytes (the extension kept); "upload" when nothing is left.
     */
    public static String sanitize(String clientName) {
        String name = clean(clientName);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                .strip();
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
        return fit(name);
    }

    /**
     * What a client called its file, kept as {@code original_filename}: path and all, but in NFC and
     * without what {@link #hostile} names (NUL never reaches the database); null when nothing is left.
     */
    public static String original(String clientName) {
        String name = clean(clientName).strip();
        return name.isEmpty() ? null : name;
    }

    /** NFC, without control characters, bidirectional controls and lone surrogates. */
    private static String clean(String clientName) {
        if (clientName == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder(clientName.length());
        clientName
                .codePoints()
                .filter(c -> !Character.isISOControl(c)
                        && !isBidiControl(c)
                        && !(c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE))
                .forEach(kept::appendCodePoint);
        return nfc(kept.toString());
    }

    /** At most {@link #MAX_BYTES} UTF-8 bytes, cut at a character and keeping a short extension. */
    static String fit(String name) {
        if (utf8Length(name) <= MAX_BYTES) {
            return name;
        }
        String ext = extensionAsWritten(name);
        int extBytes = ext.isEmpty() ? 0 : utf8Length(ext) + 1;
        if (extBytes > MAX_BYTES / 2) {
            return nfc(cut(name, MAX_BYTES));
        }
        String stem = name.substring(0, name.length() - (ext.isEmpty() ? 0 : ext.length() + 1));
        return nfc(cut(stem, MAX_BYTES - extBytes) + (ext.isEmpty() ? "" : "." + ext));
    }

    /** The longest prefix of whole code points within {@code maxBytes} UTF-8 bytes. */
    private static String cut(String s, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int c = s.codePointAt(end);
            int n = bytesOf(c);
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            end += Character.charCount(c);
        }
        return s.substring(0, end);
    }

    private static String extensionAsWritten(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1) : "";
    }

    static String nfc(String s) {
        return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    public static int utf8Length(String s) {
        return s.codePoints().map(Names::bytesOf).sum();
    }

    private static int bytesOf(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /**
     * "report.pdf" becomes "report (2).pdf": a free name next to a taken one, the stem shortened when
     * the number would take the name past {@link #MAX_BYTES}.
     */
    public static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String rest = " (" + n + ")" + (dot > 0 ? name.substring(dot) : "");
        int room = MAX_BYTES - utf8Length(rest);
        return (room > 0 && utf8Length(stem) > room ? cut(stem, room) : stem) + rest;
    }

    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }

    private static ApiException invalid(String field, String problem) {
        return ApiException.validation(field + " " + problem, Map.of(field, problem));
    }
}
