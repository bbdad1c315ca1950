package dev.depot.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The plain broker ./depot starts by default sets its topics up too, even one a client created first. */
class PlainBrokerTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "off");
    }

    @Test
    void theTopicsGetTheirSettingsAlsoWhenAClientCreatedOneFirst() throws Exception {
        Path dir = Files.createTempDirectory("depot-plain-broker");
        int port;
        int controllerPort;
        try (ServerSocket first = new ServerSocket(0);
                ServerSocket second = new ServerSocket(0)) {
            port = first.getLocalPort();
            controllerPort = second.getLocalPort();
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("broker.log");
        Process broker = new ProcessBuilder(
                        java,
                        "-Xmx384m",
                        "-cp",
                        classPath,
                        SingleNodeBroker.class.getName(),
                        dir.resolve("data").toString(),
                        String.valueOf(port),
                        String.valueOf(controllerPort))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
            TopicSetup.awaitPort(port, 60_000);
            // A client may get there before the setup does: its topic has the defaults until the setup sets it.
            try {
                admin.createTopics(List.of(new NewTopic("depot.shares", 3, (short) 1)))
                        .all()
                        .get();
            } catch (Exception alreadyThere) {
                // the setup was first: just as good
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("topics set up")) {
                if (!broker.isAlive() || System.nanoTime() > deadline) {
                    fail("the plain broker did not set its topics up; its log:\n" + Files.readString(log));
                }
                Thread.sleep(200);
            }
            assertThat(admin.listTopics().names().get()).containsAll(Acls.topics());
            assertThat(SecureBrokerTest.settings(admin, "depot.shares").get("cleanup.policy"))
                    .isEqualTo("compact");
            assertThat(SecureBrokerTest.settings(admin, "depot.dlq.files").get("cleanup.policy"))
                    .isEqualTo("delete");
        } finally {
            broker.destroy();
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
