package dev.depot.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web app's end-to-end tests (web/e2e, Playwright driving Debian's Chromium) against a whole
 * suite through its gateway, which serves the built app (web/dist: ./depot test builds it first).
 * New accounts get a 32 MiB quota here, so that the quota test has something to hit, and webhooks may
 * target loopback, where the webhook test listens.
 */
class WebAppIT {

    private static final String QUOTA = String.valueOf(32 * 1024 * 1024);
    private static Suite suite;

    @BeforeAll
    static void start() throws Exception {
        suite = new Suite()
                .env("DEPOT_AUTH_DEFAULT_STORAGE_QUOTA", QUOTA)
                .env("DEPOT_FILES_DEFAULT_QUOTA", QUOTA)
                // The webhook test's receiver listens on 127.0.0.1, in the test itself.
                .env("DEPOT_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true")
                .start(
                        "auth-service",
                        "files-service",
                        "sharing-service",
                        "analytics-service",
                        "processing-worker",
                        "gateway");
    }

    @AfterAll
    static void stop() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void everyEndToEndTestOfTheWebAppPassesInChromium() throws Exception {
        Path web = suite.root().resolve("web");
        assertThat(web.resolve("dist/index.html"))
                .as("the web app is built (./depot test builds it)")
                .exists();
        assertThat(web.resolve("node_modules/.bin/playwright"))
                .as("the web app's dependencies (npm ci in web/)")
                .exists();
        Path log = Files.createTempFile("depot-e2e-", ".log");
        ProcessBuilder playwright = new ProcessBuilder(
                        web.resolve("node_modules/.bin/playwright").toString(), "test")
                .directory(web.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        playwright.environment().put("DEPOT_URL", suite.url("gateway"));
        Process run = playwright.start();
        boolean finished = run.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly().waitFor();
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        output.forEach(line -> System.out.println("[e2e] " + line));
        assertThat(finished)
                .as("the end-to-end tests finished within 15 minutes")
                .isTrue();
        assertThat(run.exitValue())
                .as("playwright's exit code (its report is above)")
                .isZero();
        assertThat(output).anyMatch(line -> line.contains("passed"));
        assertThat(output).noneMatch(line -> line.matches("\\s*\\d+ (failed|flaky)\\b.*"));
    }
}
