package dev.depot.gateway.proxy;

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

    /** A prefix and where it leads. */
    public record Target(String service, String prefix, URI url) {
    }

    private final List<Target> targets = new ArrayList<>();

    public RouteTable(GatewayConfig config) {
        config.routes().forEach((service, route) -> route.prefixes().forEach(prefix -> targets.add(
                new Target(service, stripTrailingSlash(prefix), route.url()))));
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

    public List<Target> targets() {
        return List.copyOf(targets);
    }

    private static String stripTrailingSlash(String prefix) {
        return prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
