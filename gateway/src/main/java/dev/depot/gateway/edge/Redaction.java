package dev.depot.gateway.edge;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Takes the secrets out of a request's path and query before they are logged: public share tokens
 * and drop tickets in paths, signatures, keys, passwords and tokens in query strings.
 */
public final class Redaction {

    static final String REDACTED = "REDACTED";

    private final Set<String> params;
    private final List<String[]> templates;

    public Redaction(List<String> queryParams, List<String> pathTemplates) {
        this.params = queryParams.stream()
                .map(p -> p.trim().toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty())
                .collect(Collectors.toSet());
        this.templates = pathTemplates.stream()
                .map(String::trim)
                .filter(t -> t.startsWith("/"))
                .map(t -> t.substring(1).split("/", -1))
                .toList();
    }

    /** The path and query as they may be logged. */
    public String uri(String path, String query) {
        String p = path(path);
        return query == null || query.isEmpty() ? p : p + "?" + query(query);
    }

    String path(String path) {
        if (path == null) {
            return "";
        }
        String[] segments = path.substring(path.startsWith("/") ? 1 : 0).split("/", -1);
        for (String[] template : templates) {
            if (segments.length < template.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                matches = isPlaceholder(template[i]) || template[i].equals(segments[i]);
            }
            if (matches) {
                for (int i = 0; i < template.length; i++) {
                    if (isPlaceholder(template[i]) && !segments[i].isEmpty()) {
                        segments[i] = template[i];
                    }
                }
                return "/" + String.join("/", segments);
            }
        }
        return path;
    }

    String query(String query) {
        StringBuilder out = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (params.contains(decodedName(name))) {
                out.append(name).append('=').append(REDACTED);
            } else {
                out.append(pair);
            }
        }
        return out.toString();
    }

    /** access%5Ftoken is access_token too. */
    private static String decodedName(String name) {
        try {
            return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    private static boolean isPlaceholder(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }
}
