package dev.depot.gateway.routing;

import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.config.GatewayConfig.RateKey;
import dev.depot.gateway.core.Policy;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the policy (rate limit, body limit, timeouts) of a request by its method and path. */
@ApplicationScoped
public class RoutePolicies {

    static final String STANDARD = "standard";

    /** One {@code [METHOD ]/path/pattern} of a policy, split into segments. */
    record Pattern(HttpMethod method, String[] segments, boolean rest, Policy policy) {

        static Pattern parse(String text, Policy policy) {
            String t = text.trim();
            HttpMethod method = null;
            int space = t.indexOf(' ');
            if (space > 0) {
                method = HttpMethod.valueOf(t.substring(0, space).toUpperCase(Locale.ROOT));
                t = t.substring(space + 1).trim();
            }
            if (!t.startsWith("/")) {
                throw new IllegalArgumentException("policy " + policy.name() + ": a pattern starts with '/': " + text);
            }
            List<String> segments = new ArrayList<>(Arrays.asList(RoutePolicies.segments(t)));
            boolean rest =
                    !segments.isEmpty() && segments.get(segments.size() - 1).equals("**");
            if (rest) {
                segments.remove(segments.size() - 1);
            }
            return new Pattern(method, segments.toArray(String[]::new), rest, policy);
        }

        boolean matches(HttpMethod m, String[] path) {
            if (method != null && !method.equals(m)) {
                return false;
            }
            if (rest ? path.length < segments.length : path.length != segments.length) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                if (!segments[i].equals("*") && !segments[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }

        /** Literal segments weigh most, then wildcards, then an exact length, then a method. */
        int specificity() {
            int literal = 0;
            for (String s : segments) {
                literal += s.equals("*") ? 0 : 1;
            }
            return literal * 1000 + segments.length * 10 + (rest ? 0 : 5) + (method == null ? 0 : 1);
        }
    }

    private final List<Pattern> patterns = new ArrayList<>();
    private final Policy standard;

    public RoutePolicies(GatewayConfig config) {
        Policy fallback = null;
        for (var entry : config.policies().entrySet()) {
            GatewayConfig.Policy p = entry.getValue();
            Policy policy = new Policy(
                    entry.getKey(),
                    Math.max(0, p.rateLimit()),
                    p.rateKey(),
                    p.window().orElse(config.rateLimit().window()),
                    p.maxBodySize().orElse(config.maxBodySize()).asLongValue(),
                    p.requestTimeout().orElse(config.requestTimeout()),
                    p.idleTimeout().orElse(config.idleTimeout()));
            if (entry.getKey().equals(STANDARD)) {
                fallback = policy;
            }
            for (String pattern : p.match().orElse(List.of())) {
                if (!pattern.isBlank()) {
                    patterns.add(Pattern.parse(pattern, policy));
                }
            }
        }
        standard = fallback != null
                ? fallback
                : new Policy(
                        STANDARD,
                        100,
                        RateKey.USER,
                        config.rateLimit().window(),
                        config.maxBodySize().asLongValue(),
                        config.requestTimeout(),
                        config.idleTimeout());
        patterns.sort(Comparator.comparingInt(Pattern::specificity).reversed());
    }

    public Policy match(HttpMethod method, String path) {
        String[] segments = segments(path);
        for (Pattern p : patterns) {
            if (p.matches(method, segments)) {
                return p.policy();
            }
        }
        return standard;
    }

    /** "/a/b/" and "/a/b" are the same path here, as they are to the services. */
    static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
