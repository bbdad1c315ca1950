package dev.depot.files.rest;

import dev.depot.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A real S3 server for files-service's tests: libs/s3-server (S3Proxy over a directory) in its own JVM,
 * as ./depot starts it, so S3Proxy's Jetty and jclouds never share the service's classpath. Points the
 * blob store at it with a bucket of its own.
 */
public class S3ProxyServer implements QuarkusTestResourceLifecycleManager {

    static final String ACCESS_KEY = "files-test";
    static final String SECRET_KEY = "files-test-secret";

    private Process process;

    @Override
    public Map<String, String> start() {
        Path module =
                Path.of("..", "libs", "s3-server", "target").toAbsolutePath().normalize();
        if (!Files.isDirectory(module.resolve("lib"))) {
            throw new IllegalStateException(module + "/lib is missing: mvn -pl libs/s3-server install");
        }
        int port = FreePorts.pick();
        try {
            Path data = Files.createTempDirectory("files-s3-");
            Path log = data.resolve("s3proxy.log");
            process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            module.resolve("classes") + ":" + module.resolve("lib") + "/*",
                            "dev.depot.s3server.S3Server",
                            data.resolve("buckets").toString(),
                            String.valueOf(port),
                            ACCESS_KEY,
                            SECRET_KEY)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!listening(port)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("S3Proxy did not start: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of(
                "depot.blobstore.kind",
                "s3",
                "depot.blobstore.s3.endpoint",
                "http://127.0.0.1:" + port,
                "depot.blobstore.s3.bucket",
                "files-" + UUID.randomUUID(),
                "depot.blobstore.s3.access-key",
                ACCESS_KEY,
                "depot.blobstore.s3.secret-key",
                SECRET_KEY);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
    }
}
