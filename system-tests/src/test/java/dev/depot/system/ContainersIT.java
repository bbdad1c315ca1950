package dev.depot.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.depot.testing.FreePorts;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The suite as docker-compose.yml runs it, from the images {@code ./depot images} builds: PostgreSQL, the
 * broker, Redis and the six services in containers, only the gateway published. Testcontainers drives the
 * compose file (Debian's docker-compose, local images only) under a project of its own (its own containers,
 * network and volumes, all removed at the end), on a free port, so a developer's compose stack is never
 * touched.
 *
 * <p>Needs a Docker engine and docker-compose: without them it is skipped, unless DEPOT_CONTAINERS_TEST
 * is {@code required} ({@code ./depot test --containers}), when it fails instead.
 */
@ExtendWith(ContainersIT.NeedsEngine.class)
class ContainersIT {

    private static final Path ROOT =
            Path.of(System.getProperty("depot.root", "..")).toAbsolutePath().normalize();
    private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    private static final List<String> SERVICES = List.of(
            "auth-service", "files-service", "sharing-service", "analytics-service", "processing-worker", "gateway");
    private static final List<String> ALL = List.of(
            "postgres",
            "kafka",
            "redis",
            "auth-service",
            "files-service",
            "sharing-service",
            "analytics-service",
            "processing-worker",
            "gateway");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private static final Path LOGS = ROOT.resolve("system-tests/target/containers.log");

    private static DockerComposeContainer<?> suite;
    private static int port;
    private static String gateway;
    /** The compose project Testcontainers made up, read off the containers' labels once they run. */
    private static String project;

    /**
     * Skips the class, with the reason in the report and on the console, when there is nothing to run
     * containers with; when they are required it lets the class run, and fail in {@link #start}.
     */
    static final class NeedsEngine implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (REQUIRED) {
                return ConditionEvaluationResult.enabled("DEPOT_CONTAINERS_TEST=required");
            }
            String missing = whyNoEngine();
            if (missing == null) {
                try {
                    if (!run(Duration.ofSeconds(30), "docker", "image", "inspect", "depot/jre:17")
                            .ok()) {
                        missing =
                                "there is no base image depot/jre:17 (./depot images or ./depot test makes it, as root)";
                    }
                } catch (Exception e) {
                    missing = "docker could not be asked (" + e + ")";
                }
            }
            if (missing == null) {
                return ConditionEvaluationResult.enabled("a Docker engine answers");
            }
            String reason = "ContainersIT skipped: " + missing + "; ./depot test --containers makes it a must";
            System.err.println("[WARNING] " + reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }

    private static final boolean REQUIRED = "required".equals(System.getenv("DEPOT_CONTAINERS_TEST"));

    @BeforeAll
    static void start() throws Exception {
        if (REQUIRED) {
            String missing = whyNoEngine();
            assertThat(missing)
                    .as("ContainersIT is required (DEPOT_CONTAINERS_TEST=required) but " + missing)
                    .isNull();
        }
        // The containers start faster with no suite of processes beside them (the shared one may still run).
        SharedSuite.stopBeforeAnotherSuite();
        // The images of this build: the reactor has just packaged every service. Maven is not run again.
        Result images = run(
                Duration.ofMinutes(10),
                Map.of("DEPOT_SKIP_BUILD", "1"),
                ROOT.resolve("depot").toString(),
                "images");
        assertThat(images.ok()).as("./depot images:\n" + images.output()).isTrue();

        port = FreePorts.pick();
        gateway = "http://127.0.0.1:" + port;
        // Testcontainers names the project after "depotit" plus a random part: containers, network and volumes.
        suite = new DockerComposeContainer<>("depotit", COMPOSE_FILE.toFile())
                // Debian's docker-compose: Testcontainers' own would run in a container it must pull.
                .withLocalCompose(true)
                // There is no registry: the images are the ones just built.
                .withPull(false)
                .withOptions("--ansi never")
                .withEnv("DEPOT_PORT", Integer.toString(port))
                .withRemoveVolumes(true)
                .withStartupTimeout(READY_TIMEOUT);
        for (String service : ALL) {
            suite.waitingFor(service, Wait.forHealthcheck().withStartupTimeout(READY_TIMEOUT));
        }
        long begin = System.nanoTime();
        try {
            suite.start();
        } catch (RuntimeException e) {
            throw new AssertionError("docker-compose up: " + e + "\n" + logs(), e);
        }
        System.out.printf(
                "ContainersIT: the suite was ready %d s after docker-compose up%n",
                Duration.ofNanos(System.nanoTime() - begin).toSeconds());
        project = suite.getContainerByServiceName("gateway")
                .orElseThrow()
                .getContainerInfo()
                .getConfig()
                .getLabels()
                .get("com.docker.compose.project");
    }

    @AfterAll
    static void stop() throws Exception {
        if (suite == null) {
            return;
        }
        try {
            Files.writeString(LOGS, logs());
        } finally {
            suite.stop(); // docker-compose down -v
        }
    }

    @Test
    void theComposedSuiteServesAnUploadItsThumbnailAndAPublicLinkAcrossAScaleOutAKilledReplicaAndADownAndUp()
            throws Exception {
        // Every service runs as the unprivileged user, on a read-only root file system.
        for (String service : SERVICES) {
            InspectContainerResponse settings = inspect(service);
            assertThat(settings.getConfig().getUser()).as(service).isEqualTo("depot");
            assertThat(settings.getHostConfig().getReadonlyRootfs()).as(service).isTrue();
        }
        // The broker runs secure (SASL/SCRAM, ACLs): everything below that goes through Kafka (the new user
        // reaching files-service and sharing-service, the worker's thumbnail) goes through its logins.
        assertThat(compose(Duration.ofSeconds(30), "logs", "--no-color", "kafka")
                        .output())
                .contains("secure broker ready");

        String token = GatewayUser.register(gateway, "ct").token();
        byte[] photo = Photos.noisyPng(1200, 800, 42);
        String id = given().baseUri(gateway)
                .auth()
                .oauth2(token)
                .multiPart("file", "harbour.png", photo, "image/png")
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");

        // The worker container reads the upload from the shared blob volume and writes the thumbnail there.
        Response file = Photos.awaitProcessed(gateway, token, id);
        assertThat(file.<String>path("processing_status")).as(file.asString()).isEqualTo("completed");
        byte[] thumbnail = given().baseUri(gateway)
                .auth()
                .oauth2(token)
                .get(file.<String>path("thumbnail_url"))
                .then()
                .statusCode(200)
                .contentType("image/jpeg")
                .extract()
                .asByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(thumbnail)).getWidth()).isEqualTo(256);

        String publicToken = publicLink(token, id);
        assertThat(downloadThroughLink(publicToken)).isEqualTo(photo);

        // Scaled to two files-service containers: the gateway finds the second by the service's name.
        String first = containerId("files-service");
        Result scaled = compose(Duration.ofMinutes(4), "up", "-d", "--no-recreate", "--scale", "files-service=2");
        assertThat(scaled.ok())
                .as("docker-compose up --scale files-service=2:\n" + scaled.output())
                .isTrue();
        List<String> replicas = containerIds("files-service");
        assertThat(replicas).hasSize(2).contains(first);
        for (String replica : replicas) {
            awaitHealthy(replica, "files-service");
        }
        Eventually.within(Duration.ofSeconds(30), () -> assertThat(logsOf("gateway"))
                .containsPattern("files-service replicas now \\[[^,\\]]+, [^,\\]]+\\]"));
        // The first is killed: the bytes are on the volume and the metadata in PostgreSQL, and the other
        // replica serves them; an upload goes there too.
        DockerClientFactory.instance().client().killContainerCmd(first).exec();
        assertTheFileIsThere(token, id, publicToken, photo);
        for (int i = 0; i < 3; i++) {
            given().baseUri(gateway)
                    .auth()
                    .oauth2(token)
                    .multiPart("file", "after-" + i + ".txt", ("after the kill " + i).getBytes(), "text/plain")
                    .post("/api/cdn/files/upload/")
                    .then()
                    .statusCode(201);
        }

        // docker-compose down keeps the volumes: the next up finds every row, byte and signing key again (the
        // token issued before still works).
        Result down = compose(Duration.ofMinutes(2), "down", "-t", "10");
        assertThat(down.ok()).as("docker-compose down:\n" + down.output()).isTrue();
        Result up = compose(Duration.ofMinutes(4), "up", "-d");
        assertThat(up.ok()).as("docker-compose up -d:\n" + up.output()).isTrue();
        for (String service : ALL) {
            awaitHealthy(service);
        }
        assertTheFileIsThere(token, id, publicToken, photo);
    }

    private static void assertTheFileIsThere(String token, String id, String publicToken, byte[] photo) {
        byte[] again = given().baseUri(gateway)
                .auth()
                .oauth2(token)
                .get("/api/cdn/files/" + id + "/content")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertThat(again).isEqualTo(photo);
        assertThat(downloadThroughLink(publicToken)).isEqualTo(photo);
    }

    /** sharing-service learns of the new user by event, so the link is asked for again until it exists. */
    private static String publicLink(String token, String fileId) {
        String[] link = new String[1];
        Eventually.within(
                Duration.ofSeconds(30),
                () -> link[0] = given().baseUri(gateway)
                        .auth()
                        .oauth2(token)
                        .contentType(ContentType.JSON)
                        .body(Map.of(
                                "resource_type",
                                "file",
                                "resource_id",
                                fileId,
                                "is_public",
                                true,
                                "permission_level",
                                "download"))
                        .post("/api/cdn/shares/")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("public_token"));
        return link[0];
    }

    /** What an anonymous visitor gets: the link's page, then its download URL (a redirect to a signed one). */
    private static byte[] downloadThroughLink(String publicToken) {
        String url = given().baseUri(gateway)
                .get("/api/cdn/shares/public/" + publicToken + "/")
                .then()
                .statusCode(200)
                .extract()
                .path("file.download_url");
        assertThat(url).isNotBlank();
        return given().baseUri(gateway)
                .get(url)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
    }

    private static void awaitHealthy(String service) throws InterruptedException {
        awaitHealthy(containerId(service), service);
    }

    private static void awaitHealthy(String container, String service) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            InspectContainerResponse.ContainerState state = DockerClientFactory.instance()
                    .client()
                    .inspectContainerCmd(container)
                    .exec()
                    .getState();
            String health = state.getHealth() == null ? "" : state.getHealth().getStatus();
            if (Boolean.TRUE.equals(state.getRunning()) && health.equals("healthy")) {
                return;
            }
            if (health.equals("unhealthy") || System.nanoTime() > deadline) {
                throw new AssertionError(service + " is " + state.getStatus() + " " + health + "\n" + logs());
            }
            Thread.sleep(1000);
        }
    }

    /** The service's container now: looked up by its compose labels, since a down and up makes new ones. */
    private static String containerId(String service) {
        List<String> found = containerIds(service);
        assertThat(found).as("the container of " + service).hasSize(1);
        return found.get(0);
    }

    /** Every container of the service (more than one when scaled), stopped ones too. */
    private static List<String> containerIds(String service) {
        return DockerClientFactory.instance()
                .client()
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project, "com.docker.compose.service", service))
                .exec()
                .stream()
                .map(Container::getId)
                .toList();
    }

    private static InspectContainerResponse inspect(String service) {
        return DockerClientFactory.instance()
                .client()
                .inspectContainerCmd(containerId(service))
                .exec();
    }

    private static String logsOf(String service) {
        try {
            return compose(Duration.ofSeconds(30), "logs", "--no-color", service)
                    .output();
        } catch (Exception e) {
            throw new AssertionError("docker-compose logs " + service + ": " + e, e);
        }
    }

    /** docker-compose on this test's project, with its port. */
    private static Result compose(Duration limit, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("docker-compose", "--ansi", "never", "-p", project, "-f", COMPOSE_FILE.toString()));
        command.addAll(List.of(args));
        return run(limit, Map.of("DEPOT_PORT", Integer.toString(port)), command.toArray(String[]::new));
    }

    /** The last lines of every container's log, for a failure's message and for target/. */
    private static String logs() {
        if (project == null) {
            return "(the suite did not start: see Testcontainers' output above)";
        }
        try {
            return compose(Duration.ofSeconds(60), "logs", "--no-color", "--tail=60")
                    .output();
        } catch (Exception e) {
            return "(no logs: " + e + ")";
        }
    }

    /** Null when docker and docker-compose are there and the engine answers; else what is missing. */
    private static String whyNoEngine() {
        try {
            if (!run(Duration.ofSeconds(30), "docker-compose", "version").ok()) {
                return "docker-compose does not run";
            }
            Result info = run(Duration.ofSeconds(30), "docker", "info", "--format", "{{.ServerVersion}}");
            return info.ok()
                    ? null
                    : "the Docker engine does not answer (docker info: "
                            + info.output().trim() + ")";
        } catch (IOException e) {
            return "no docker or docker-compose on PATH (" + e.getMessage() + ")";
        } catch (Exception e) {
            return "docker could not be asked (" + e + ")";
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        String output() {
            return stdout + stderr;
        }
    }

    private static Result run(Duration limit, String... command) throws Exception {
        return run(limit, Map.of(), command);
    }

    private static Result run(Duration limit, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().putAll(env);
        // Files, not pipes: nothing blocks on a full pipe while this waits.
        Path out = Files.createTempFile("depot-containers-", ".out");
        Path err = Files.createTempFile("depot-containers-", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(
                        -1,
                        Files.readString(out, StandardCharsets.UTF_8),
                        "timed out after "
                                + limit.toSeconds() + " s: " + String.join(" ", command) + "\n"
                                + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
