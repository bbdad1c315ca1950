package dev.depot.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the rest of the repository says the manifests must agree with: the services, their settings, the version. */
final class Repository {

    final Path root;

    Repository() {
        this.root =
                Path.of(System.getProperty("depot.root", "..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("depot"))) {
            throw new IllegalStateException("not the repository root (no ./depot): " + root);
        }
    }

    /** The project version of the root pom.xml: the tag `./depot images` gives every image it builds. */
    String version() {
        Matcher m = Pattern.compile("<artifactId>depot-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(root.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no depot-parent version in pom.xml");
        }
        return m.group(1).trim();
    }

    /**
     * The six services, from ./depot's SERVICES: the list `up` starts, and the modules `./depot images`
     * builds an image of, depot/MODULE.
     */
    List<String> services() {
        Matcher m = Pattern.compile("(?m)^SERVICES=\\(([^)]*)\\)").matcher(read(root.resolve("depot")));
        if (!m.find()) {
            throw new IllegalStateException("./depot no longer defines SERVICES=(...): update Repository.services()");
        }
        return Arrays.stream(m.group(1).trim().split("\\s+")).toList();
    }

    /**
     * Every image `./depot images` builds, read from its build_image calls in ./depot ($version is the
     * project's version, $svc each of SERVICES). Before ./depot had that command, the same list by hand.
     */
    Set<String> images() {
        String version = version();
        Set<String> images = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*build_image\\s+\"?([^\"\\s]+)").matcher(read(root.resolve("depot")));
        while (m.find()) {
            String tag = m.group(1).replace("${version}", version).replace("$version", version);
            if (tag.contains("$svc") || tag.contains("${svc}")) {
                services().forEach(s -> images.add(tag.replace("${svc}", s).replace("$svc", s)));
            } else if (tag.startsWith("depot/")) {
                images.add(tag);
            }
        }
        if (images.isEmpty()) {
            services().forEach(s -> images.add("depot/" + s + ":" + version));
            images.add("depot/postgres:15");
            images.add("depot/redis:7");
            images.add("depot/kafka:" + version);
        }
        return images;
    }

    ServiceConfig config(String service) {
        return new ServiceConfig(service, root.resolve(service).resolve("src/main/resources/application.properties"));
    }

    /** libs/kafka-broker's Acls: the table of Kafka users the secure local broker enforces, when it is there. */
    Optional<String> kafkaAcls() {
        Path acls = root.resolve("libs/kafka-broker/src/main/java/dev/depot/kafka/Acls.java");
        return Files.isRegularFile(acls) ? Optional.of(read(acls)) : Optional.empty();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One service's application.properties, as it runs in a container (the prod profile). */
    static final class ServiceConfig {
        /** ${ENV} or ${ENV:default}, with no reference inside its default. */
        private static final Pattern INNERMOST = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^${}]*))?}");

        final String service;
        final Map<String, String> properties = new LinkedHashMap<>();

        ServiceConfig(String service, Path file) {
            this.service = service;
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Other profiles' lines never apply in a container.
            p.stringPropertyNames().stream()
                    .sorted()
                    .filter(k -> !k.startsWith("%") || k.startsWith("%prod."))
                    .forEach(k -> properties.put(k.startsWith("%prod.") ? k.substring(6) : k, p.getProperty(k)));
        }

        /**
         * Every environment variable the settings name, with its default (null when there is none). A default
         * that is itself a reference ({@code ${A:${B:x}}}) counts as what that reference defaults to.
         */
        Map<String, String> environment() {
            Map<String, String> vars = new LinkedHashMap<>();
            properties.values().forEach(v -> resolveValue(v, Map.of(), vars));
            return vars;
        }

        int managementPort(Map<String, String> env) {
            String port = env.getOrDefault("QUARKUS_MANAGEMENT_PORT", properties.get("quarkus.management.port"));
            if (port == null) {
                throw new IllegalStateException(service + " sets no quarkus.management.port");
            }
            return Integer.parseInt(port.trim());
        }

        boolean managementEnabled() {
            return Boolean.parseBoolean(properties.getOrDefault("quarkus.management.enabled", "false"));
        }

        /** The value of a property with ${ENV:default} resolved against the given environment. */
        String resolve(String key, Map<String, String> env) {
            String value = properties.get(key);
            return value == null ? null : resolveValue(value, env);
        }

        private static String resolveValue(String value, Map<String, String> env) {
            return resolveValue(value, env, new LinkedHashMap<>());
        }

        /** Innermost references first, so that a default may itself be a reference. */
        private static String resolveValue(String value, Map<String, String> env, Map<String, String> seen) {
            String current = value;
            for (Matcher m = INNERMOST.matcher(current); m.find(); m = INNERMOST.matcher(current)) {
                seen.putIfAbsent(m.group(1), m.group(2));
                String v = env.containsKey(m.group(1)) ? env.get(m.group(1)) : m.group(2) == null ? "" : m.group(2);
                current = current.substring(0, m.start()) + v + current.substring(m.end());
            }
            return current;
        }

        /** The gateway's route prefixes (depot.gateway.routes.NAME.prefixes), all services together. */
        List<String> gatewayPrefixes() {
            List<String> prefixes = new ArrayList<>();
            properties.forEach((k, v) -> {
                if (k.matches("depot\\.gateway\\.routes\\.[^.]+\\.prefixes")) {
                    Arrays.stream(v.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .forEach(prefixes::add);
                }
            });
            return prefixes;
        }

        /** The Kafka topics this service names in its channels (topic, topics, dead-letter-queue.topic). */
        Set<String> topics() {
            Set<String> topics = new LinkedHashSet<>();
            properties.forEach((k, v) -> {
                if (k.startsWith("mp.messaging.") && (k.endsWith(".topic") || k.endsWith(".topics"))) {
                    Arrays.stream(v.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .forEach(topics::add);
                }
            });
            return topics;
        }

        /** The other services' URLs this service calls (*_URL settings whose default is an http:// address). */
        Map<String, String> serviceUrls() {
            Map<String, String> urls = new LinkedHashMap<>();
            environment().forEach((var, dflt) -> {
                if (var.endsWith("_URL") && dflt != null && dflt.startsWith("http://")) {
                    urls.put(var, dflt);
                }
            });
            return urls;
        }
    }
}
