package dev.depot.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Starts one real Apache Kafka broker in KRaft mode (broker and controller in one process).
 *
 * <pre>java -cp 'target/classes:target/lib/*' dev.depot.kafka.SingleNodeBroker DATA_DIR [PORT] [CONTROLLER_PORT] [--secure USERS_FILE] [--host NAME]</pre>
 *
 * The client listener is on 127.0.0.1; with {@code --host NAME} (a container's) it listens on every interface
 * and tells clients to reach it as NAME. The controller listener stays on the loopback interface.
 *
 * The storage is formatted on first start and reused afterwards, so topics and offsets
 * survive a restart of the broker.
 *
 * <p>Plain (the default): one PLAINTEXT listener, no authentication; {@link TopicSetup} gives Depot's topics
 * their settings once the broker listens (a topic a client uses first is created with the defaults, then set).
 *
 * <p>Secure ({@code --secure USERS_FILE}, a properties file of Kafka user name to password, one for each
 * user of {@link Acls} and for {@link Acls#ADMIN}): clients must log in with SASL/SCRAM-SHA-512 on PORT and
 * may do only what {@link Acls} grants them; no topic is created on first use. After the start,
 * {@link SecureSetup} sets the users' SCRAM credentials, creates the topics and makes the ACLs those of the
 * table, then writes the broker's pid to {@code DATA_DIR/secure-ready} ({@link #READY_FILE}): clients should
 * wait for it, since until then they would be refused.
 */
public final class SingleNodeBroker {

    /** Written (with this process' pid) once a secure broker's users, topics and ACLs are in place. */
    public static final String READY_FILE = "secure-ready";

    private SingleNodeBroker() {}

    public static void main(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        Path usersFile = null;
        String host = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--secure") && i + 1 < args.length) {
                usersFile = Path.of(args[++i]);
            } else if (args[i].equals("--host") && i + 1 < args.length) {
                host = args[++i];
            } else if (args[i].startsWith("--")) {
                usage();
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.isEmpty() || positional.size() > 3) {
            usage();
        }
        // Warnings only, plus the line that says the broker is up (slf4j-simple reads these).
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer", "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        Path dataDir = Path.of(positional.get(0)).toAbsolutePath();
        int port = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 9092;
        int controllerPort = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : port + 1;

        Users users = null;
        if (usersFile != null) {
            try {
                users = Users.load(usersFile);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
            // Who was refused what: the first thing to look at when a service cannot read or write.
            System.setProperty("org.slf4j.simpleLogger.log.kafka.authorizer.logger", "info");
        }

        Path logDir = dataDir.resolve("kraft-logs");
        Files.createDirectories(logDir);
        if (users != null) {
            // ACLs guard the port; the log files (internal topics, credentials) are guarded by this.
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        }
        Path config = dataDir.resolve("server.properties");
        Files.deleteIfExists(dataDir.resolve(READY_FILE));
        writeConfig(config, logDir, host, port, controllerPort, users);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = shortUuid();
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config.toString()},
                    new PrintStream(OutputStream.nullOutputStream()));
            if (rc != 0) {
                System.err.println("formatting the Kafka storage in " + logDir + " failed (" + rc + ")");
                System.exit(rc);
            }
        }
        if (users != null) {
            SecureSetup.startInBackground(dataDir.resolve(READY_FILE), port, users);
        } else {
            TopicSetup.startInBackground(port);
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static void usage() {
        System.err.println(
                "usage: SingleNodeBroker DATA_DIR [PORT] [CONTROLLER_PORT] [--secure USERS_FILE] [--host NAME]");
        System.exit(2);
    }

    private static void writeConfig(Path config, Path logDir, String host, int port, int controllerPort, Users users)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String bind = host == null ? "127.0.0.1" : "0.0.0.0";
        String advertised = host == null ? "127.0.0.1" : host;
        p.setProperty("listeners", "PLAINTEXT://" + bind + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + advertised + ":" + port);
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
        if (users != null) {
            secure(p, bind, advertised, port, controllerPort, users.password(Acls.ADMIN));
            // The file holds the admin password: readable by this user only, from the moment it exists.
            Files.deleteIfExists(config);
            Files.createFile(
                    config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (var out = Files.newOutputStream(config)) {
            p.store(out, "written by dev.depot.kafka.SingleNodeBroker; edits are overwritten at start");
        }
    }

    private static void secure(
            Properties p, String bind, String advertised, int port, int controllerPort, String adminPassword) {
        p.setProperty(
                "listeners", "SASL_PLAINTEXT://" + bind + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "SASL_PLAINTEXT://" + advertised + ":" + port);
        // The controller listener authenticates too: with PLAINTEXT there, the broker half would reach the
        // controller as ANONYMOUS, which would have to be a super user, and so would any local process.
        p.setProperty("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "SASL_PLAINTEXT");
        // Clients log in with SCRAM, whose credentials live in the cluster's metadata. admin alone may also
        // log in with PLAIN, checked against the users file (its JAAS lists no one else): so the launcher and
        // the broker itself get in whatever the metadata holds (storage formatted by a plain broker, a new
        // users file), and put the SCRAM credentials right.
        p.setProperty("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
        p.setProperty(
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.setProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config", SecureSetup.adminPlainJaas(adminPassword));
        p.setProperty("sasl.mechanism.inter.broker.protocol", "PLAIN");
        // KRaft cannot check SCRAM logins on the controller listener (the credentials live in the metadata the
        // controller serves), so it takes PLAIN as admin too.
        p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("listener.name.controller.plain.sasl.jaas.config", SecureSetup.adminPlainJaas(adminPassword));
        p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("super.users", "User:" + Acls.ADMIN);
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty("auto.create.topics.enable", "false");
    }

    /**
     * A cluster id as Kafka makes them: 16 random bytes in URL-safe base64, never starting with '-'
     * (which the storage tool would take for an option, failing one start in 64).
     */
    private static String shortUuid() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }
}
