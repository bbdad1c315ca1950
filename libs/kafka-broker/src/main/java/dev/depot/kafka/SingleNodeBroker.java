package dev.depot.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Starts one real Apache Kafka broker in KRaft mode (broker and controller in one process).
 *
 * <pre>java -cp 'target/classes:target/lib/*' dev.depot.kafka.SingleNodeBroker DATA_DIR [PORT] [CONTROLLER_PORT]</pre>
 *
 * The storage is formatted on first start and reused afterwards, so topics and offsets
 * survive a restart of the broker.
 */
public final class SingleNodeBroker {

    private SingleNodeBroker() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SingleNodeBroker DATA_DIR [PORT] [CONTROLLER_PORT]");
            System.exit(2);
        }
        // Warnings only, plus the line that says the broker is up (slf4j-simple reads these).
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer", "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        int controllerPort = args.length > 2 ? Integer.parseInt(args[2]) : port + 1;

        Path logDir = dataDir.resolve("kraft-logs");
        Files.createDirectories(logDir);
        Path config = dataDir.resolve("server.properties");
        writeConfig(config, logDir, port, controllerPort);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = shortUuid();
            int rc = kafka.tools.StorageTool.execute(
                    new String[] { "format", "-t", clusterId, "-c", config.toString() },
                    new PrintStream(OutputStream.nullOutputStream()));
            if (rc != 0) {
                System.err.println("formatting the Kafka storage in " + logDir + " failed (" + rc + ")");
                System.exit(rc);
            }
        }
        kafka.Kafka.main(new String[] { config.toString() });
    }

    private static void writeConfig(Path config, Path logDir, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        try (var out = Files.newOutputStream(config)) {
            p.store(out, "written by dev.depot.kafka.SingleNodeBroker; edits are overwritten at start");
        }
    }

    /**
     * A cluster id as Kafka makes them: 16 random bytes in URL-safe base64, never starting with '-'
     * (which the storage tool would take for an option, failing one start in 64).
     */
    private static String shortUuid() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }
}
