package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.files.config.FilesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which external URLs (a registered file's {@code cdn_url}) Depot may redirect a browser to: those
 * on a host the operator allowed ({@code depot.files.external-hosts}). Any other is handed out as
 * data, never as a Location from Depot's origin.
 */
@ApplicationScoped
public class ExternalUrls {

    private final List<String> hosts;

    public ExternalUrls(FilesConfig config) {
        this.hosts = config.externalHosts().orElse(List.of()).stream()
                .map(ExternalUrls::host)
                .filter(h -> !h.isEmpty())
                .toList();
    }

    /**
     * A URL to register as a file's {@code cdn_url}: absolute http(s) with a host, as {@link URI}
     * reads it (what Depot and its clients will hand on must parse); 400 naming {@code field} otherwise.
     */
    public static String check(String field, String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        String problem = "must be an absolute http(s) URL with a host";
        throw ApiException.validation(field + " " + problem, Map.of(field, problem));
    }

    public boolean redirectable(String url) {
        return allowed(url, hosts);
    }

    /**
     * Whether {@code url} is an http(s) URL whose host is one of {@code hosts} (lower case, no trailing
     * dot), or below a "*.example.com" entry. A URL that does not parse is not allowed: browsers and
     * Java disagree about such URLs, and the disagreement is how allow-lists are got around.
     */
    static boolean allowed(String url, List<String> hosts) {
        if (url == null || hosts.isEmpty()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            return false;
        }
        String host = host(uri.getHost());
        return hosts.stream()
                .anyMatch(allowed ->
                        allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) : host.equals(allowed));
    }

    private static String host(String name) {
        String h = name.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
