package dev.depot.system.fuzz;

import java.util.List;
import java.util.Map;

/**
 * Writes JSON text by hand, because the fuzz bodies must say things a JSON library will not: a key
 * twice, a lone surrogate as {@code \ud800}, a number no double holds, a literal cut short.
 */
public final class Json {

    private Json() {}

    /** JSON text written as it is (a number like 1e999, a truncated document). */
    public record Raw(String text) {}

    /** An object whose keys may repeat: written in order, duplicates included. */
    public record Pairs(List<Map.Entry<String, Object>> entries) {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                first = member(String.valueOf(e.getKey()), e.getValue(), first, out);
            }
            out.append('}');
        } else if (value instanceof Pairs pairs) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : pairs.entries()) {
                first = member(e.getKey(), e.getValue(), first, out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            string(value.toString(), out);
        }
    }

    private static boolean member(String key, Object value, boolean first, StringBuilder out) {
        if (!first) {
            out.append(',');
        }
        string(key, out);
        out.append(':');
        write(value, out);
        return false;
    }

    /** Control characters and unpaired surrogates are escaped (UTF-8 cannot carry a lone surrogate); the rest is as is. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
