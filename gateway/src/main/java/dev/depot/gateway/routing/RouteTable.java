package dev.depot.gateway.routing;

import dev.depot.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds the service that owns a path: the longest configured prefix that matches whole segments. */
@ApplicationScoped
public class RouteTable {

    /** A prefix and where it leads: the service's replicas (one or more). */
    public record Target(String service, String prefix, List<URI> urls) {

        public Target {
            urls = List.copyOf(urls);
        }

        /** The first replica. */
        public URI url() {
            return urls.get(0);
        }
    }

    private final List<Target> targets = new ArrayList<>();

    public RouteTable(GatewayConfig config) {
        config.routes().forEach((service, route) -> route.prefixes().forEach(prefix -> {
            String p = stripTrailingSlash(prefix.trim());
            if (p.equals("/") || isInternal(p)) {
                // A catch-all or an /internal prefix would expose the services' internal APIs.
                throw new IllegalArgumentException(
                        "route prefix " + prefix + " of " + service + " would reach /internal: it may not be routed");
            }
            targets.add(new Target(service, p, route.urls()));
        }));
        targets.sort(Comparator.comparingInt((Target t) -> t.prefix().length()).reversed());
    }

    public Optional<Target> match(String path) {
        for (Target t : targets) {
            if (path.equals(t.prefix()) || path.startsWith(t.prefix() + "/")) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Where one service is, by its name. */
    public Optional<Target> service(String name) {
        return targets.stream().filter(t -> t.service().equals(name)).findFirst();
    }

    /** /internal and everything below it, however many slashes lead to it. */
    public static boolean isInternal(String path) {
        String p = path.replaceAll("/{2,}", "/");
        return p.equals("/internal") || p.startsWith("/internal/");
    }

    public List<Target> targets() {
        return List.copyOf(targets);
    }

    private static String stripTrailingSlash(String prefix) {
        return prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
