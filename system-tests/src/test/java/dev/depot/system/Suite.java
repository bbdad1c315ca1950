package dev.depot.system;

import dev.depot.testing.FreePorts;
import dev.depot.testing.TestDatabase;
import dev.depot.testing.TestEnv;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starts packaged services as separate JVMs, as ./depot up does, each on a free port, with fresh
 * databases on the real PostgreSQL and the broker of this test run. Stops them and drops the
 * databases on close.
 */
final class Suite implements AutoCloseable {

    private final Path root =
            Path.of(System.getProperty("depot.root", "..")).toAbsolutePath().normalize();
    private final String prefix =
            "depot_sys" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final List<TestDatabase> databases = new ArrayList<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    /** Each service's management interface (health, metrics), on 127.0.0.1 as under ./depot up. */
    private final Map<String, Integer> managementPorts = new HashMap<>();

    private final Path work;
    private final String internalSecret = UUID.randomUUID().toString();
    /** Set by a test class before start, on top of (and over) the environment every suite gets. */
    private final Map<String, String> extraEnv = new LinkedHashMap<>();

    private boolean failedToStart;
    /** Whether this is SharedSuite's suite; any other stops that one before it starts. */
    private boolean shared;

    /** The services whose data has invariants; each is asked for its consistency report before the suite stops. */
    private static final List<String> CHECKED =
            List.of("auth-service", "files-service", "sharing-service", "analytics-service");

    Suite() throws IOException {
        work = Files.createTempDirectory("depot-system-");
        for (String db : List.of("auth", "files", "sharing", "analytics")) {
            databases.add(TestDatabase.named(prefix + "_" + db));
        }
        for (String service : List.of(
                "auth-service",
                "files-service",
                "sharing-service",
                "analytics-service",
                "processing-worker",
                "gateway")) {
            ports.put(service, FreePorts.pick());
            managementPorts.put(service, FreePorts.pick());
        }
    }

    /** An environment variable for every service this suite starts; call before {@link #start}. */
    Suite env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    int port(String service) {
        return ports.get(service);
    }

    String url(String service) {
        return "http://127.0.0.1:" + port(service);
    }

    /** Where a service's /q/health and /q/metrics are. */
    String managementUrl(String service) {
        return "http://127.0.0.1:" + managementPorts.get(service);
    }

    /** Marks this as SharedSuite's suite (see {@link SharedSuite#stopBeforeAnotherSuite}). */
    Suite shared() {
        shared = true;
        return this;
    }

    /** Starts the services in order and waits until each answers ready. */
    Suite start(String... services) throws Exception {
        if (!shared) {
            SharedSuite.stopBeforeAnotherSuite();
        }
        try {
            launchAndAwait(services);
        } catch (Exception | AssertionError e) {
            // The test class never gets this suite to close: stop what started, or it outlives the run.
            failedToStart = true;
            close();
            throw e;
        }
        return this;
    }

    private void launchAndAwait(String... services) throws Exception {
        for (String service : services) {
            Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(
                        jar + " is missing: package the services first (mvn verify at the root)");
            }
            ProcessBuilder pb = new ProcessBuilder(
                            javaBin(), "-Xmx192m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            work.resolve(service + ".log").toFile()));
            Map<String, String> env = pb.environment();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port(service)));
            env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPorts.get(service)));
            env.put("DEPOT_DB_HOST", TestEnv.dbHost());
            env.put("DEPOT_DB_PORT", TestEnv.dbPort());
            env.put("DEPOT_DB_USER", TestEnv.dbUser());
            env.put("DEPOT_DB_PASSWORD", TestEnv.dbPassword());
            env.put("DEPOT_DB_PREFIX", prefix);
            env.put("KAFKA_BOOTSTRAP_SERVERS", TestEnv.kafkaBootstrapServers());
            env.put("DEPOT_KEYS_DIR", work.resolve("keys").toString());
            env.put("DEPOT_DATA_DIR", work.resolve("data").toString());
            env.put("DEPOT_WEB_DIR", root.resolve("web/dist").toString());
            env.put("DEPOT_JWKS_URL", url("auth-service") + "/api/auth/jwks");
            env.put("DEPOT_AUTH_URL", url("auth-service"));
            env.put("DEPOT_FILES_URL", url("files-service"));
            env.put("DEPOT_SHARING_URL", url("sharing-service"));
            env.put("DEPOT_ANALYTICS_URL", url("analytics-service"));
            env.put("DEPOT_INTERNAL_SECRET", internalSecret);
            // Ended logins are revoked through the real Redis, under keys of this suite only.
            env.put("DEPOT_REDIS_URL", "redis://127.0.0.1:6379");
            env.put("DEPOT_AUTH_REVOCATION_KEY_PREFIX", "depot-it:" + prefix + ":revoked:sid:");
            env.put("DEPOT_GATEWAY_REVOCATION_KEY_PREFIX", "depot-it:" + prefix + ":revoked:sid:");
            env.put("DEPOT_GATEWAY_REVOCATION_REDIS_TIMEOUT", "PT5S");
            // Failed sign-ins and link passwords are counted in Redis too: per suite, as every test signs in
            // from 127.0.0.1 and another suite's (or run's) failures must not throttle this one's.
            env.put("DEPOT_AUTH_LOGIN_THROTTLE_KEY_PREFIX", "depot-it:" + prefix + ":login-failures:");
            env.put("DEPOT_SHARING_PASSWORD_THROTTLE_KEY_PREFIX", "depot-it:" + prefix + ":password-failures:");
            // These tests poll and burst far past a person's pace; the gateway's own tests cover its limits.
            env.put("DEPOT_RATE_LIMIT_ENABLED", "false");
            // This suite's worker only: it starts from the topic's beginning and skips other suites' files quickly.
            env.put("DEPOT_PROCESSING_GROUP", "processing-worker-" + prefix);
            env.put("DEPOT_PROCESSING_RETRY_BACKOFF", "PT0.05S");
            env.putAll(extraEnv);
            processes.put(service, pb.start());
        }
        for (String service : services) {
            awaitReady(service);
        }
    }

    /** Ends one service the way a crash would. */
    void kill(String service) throws InterruptedException {
        Process p = processes.remove(service);
        if (p != null) {
            p.destroyForcibly().waitFor();
        }
    }

    /** Starts again a service ended by {@link #kill}, on the same port and data, and waits until it is ready. */
    void restart(String service) throws Exception {
        kill(service);
        launchAndAwait(service);
    }

    /** The repository's root directory. */
    Path root() {
        return root;
    }

    /** The data directory the services share (DEPOT_DATA_DIR): blobs and their temporary files. */
    Path dataDir() {
        return work.resolve("data");
    }

    /** JDBC URL of one service's database in this suite ("files" for files-service's). */
    String jdbcUrl(String db) {
        return "jdbc:postgresql://" + TestEnv.dbHost() + ":" + TestEnv.dbPort() + "/" + prefix + "_" + db;
    }

    private void awaitReady(String service) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            Process p = processes.get(service);
            if (!p.isAlive()) {
                throw new IllegalStateException(service + " exited:\n" + tail(service));
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(managementUrl(service) + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service + " was not ready within 120 s:\n" + tail(service));
    }

    String tail(String service) {
        try {
            // A service that fails while starting reports itself not ready every 250 ms: those lines would
            // push out the error that says why.
            List<String> lines = Files.readAllLines(work.resolve(service + ".log")).stream()
                    .filter(line -> !line.contains("Reporting health down status"))
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /**
     * What ./depot doctor would print for every running service with invariants: after a test class
     * has done everything it does, the data it leaves must still be consistent.
     */
    String consistencyReport() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder report = new StringBuilder();
        for (String service : CHECKED) {
            Process p = processes.get(service);
            if (p == null || !p.isAlive()) {
                continue;
            }
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url(service) + "/internal/consistency"))
                            .header("Accept", "text/plain")
                            .header("X-Depot-Service-Token", internalSecret)
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            report.append(
                    r.statusCode() == 200
                            ? r.body()
                            : "INCONSISTENT: " + service + " answered " + r.statusCode() + " " + r.body() + "\n");
        }
        return report.toString();
    }

    @Override
    public void close() throws Exception {
        String report;
        try {
            report = failedToStart ? "" : consistencyReport();
        } catch (IOException e) {
            report = "INCONSISTENT: the consistency check could not be asked: " + e + "\n";
        } finally {
            stop();
        }
        if (!report.isEmpty()) {
            System.out.print(report);
        }
        if (report.contains("INCONSISTENT")) {
            throw new AssertionError("the suite's data is inconsistent after the tests:\n" + report);
        }
    }

    private void stop() throws Exception {
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        for (TestDatabase db : databases) {
            db.close();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
