package dev.depot.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real broker started the way ./depot starts it ({@code SingleNodeBroker --secure}, in a process of its own),
 * driven by real clients logged in as the users of {@link Acls}.
 */
class SecureBrokerTest {

    static {
        // The refusals these tests provoke would fill the output with client errors; the assertions say what failed.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "off");
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    private static Path dir;
    private static Process broker;
    private static int port;
    private static final Map<String, String> passwords = new HashMap<>();

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Files.createTempDirectory("depot-secure-broker");
        Properties users = new Properties();
        for (String user : Acls.userNames()) {
            String password = UUID.randomUUID().toString().replace("-", "");
            passwords.put(user, password);
            users.setProperty(user, password);
        }
        Path usersFile = dir.resolve("users.properties");
        try (var out = Files.newOutputStream(usersFile)) {
            users.store(out, null);
        }
        int[] ports = freePorts();
        port = ports[0];
        int controllerPort = ports[1];
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("broker.log");
        broker = new ProcessBuilder(
                        java,
                        "-Xmx384m",
                        "-cp",
                        classPath,
                        SingleNodeBroker.class.getName(),
                        dir.resolve("data").toString(),
                        String.valueOf(port),
                        String.valueOf(controllerPort),
                        "--secure",
                        usersFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();

        Path ready = dir.resolve("data").resolve(SingleNodeBroker.READY_FILE);
        String pid = String.valueOf(broker.pid());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(ready) || !Files.readString(ready).strip().equals(pid)) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                fail("the secure broker did not get ready; its log:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void theBrokerHasEveryTopicAndExactlyTheTablesAcls() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>copyOf(client(Acls.ADMIN, passwords.get(Acls.ADMIN))))) {
            assertThat(admin.listTopics().names().get()).containsAll(Acls.topics());
            assertThat(admin.describeTopics(Acls.topics()).allTopicNames().get().values())
                    .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(Acls.PARTITIONS));
            assertThat(new HashSet<>(
                            admin.describeAcls(AclBindingFilter.ANY).values().get()))
                    .isEqualTo(Acls.bindings());
        }
    }

    @Test
    void publicTopicsAreCompactedPastTheirHistoryAndTheOthersDropIt() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>copyOf(client(Acls.ADMIN, passwords.get(Acls.ADMIN))))) {
            Map<String, String> files = settings(admin, "depot.files");
            assertThat(files.get("cleanup.policy")).isEqualTo("compact");
            assertThat(files.get("min.compaction.lag.ms")).isEqualTo(String.valueOf(TopicSetup.HISTORY_MS));
            Map<String, String> internal = settings(admin, "depot.internal.files");
            assertThat(internal.get("cleanup.policy")).isEqualTo("delete");
            assertThat(internal.get("retention.ms")).isEqualTo(String.valueOf(TopicSetup.HISTORY_MS));
        }
    }

    static Map<String, String> settings(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<String, String> settings = new HashMap<>();
        admin.describeConfigs(List.of(resource))
                .all()
                .get()
                .get(resource)
                .entries()
                .forEach(entry -> settings.put(entry.name(), entry.value()));
        return settings;
    }

    @Test
    void filesWritesDepotFilesWithTheDefaultIdempotentProducer() throws Exception {
        try (KafkaProducer<String, String> producer = producer("files", Map.of())) {
            assertThat(producer.send(new ProducerRecord<>("depot.files", "k", "v"))
                            .get(15, TimeUnit.SECONDS)
                            .topic())
                    .isEqualTo("depot.files");
        }
    }

    @Test
    void filesCannotWriteDepotAuth() {
        try (KafkaProducer<String, String> producer = producer("files", Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("depot.auth", "k", "v"))
                            .get(15, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void readerCannotWriteDepotFiles() {
        // An idempotent producer needs a producer id first, which only a user allowed to write somewhere gets.
        try (KafkaProducer<String, String> producer = producer("reader", Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("depot.files", "k", "v"))
                            .get(15, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(ClusterAuthorizationException.class);
        }
        try (KafkaProducer<String, String> producer =
                producer("reader", Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("depot.files", "k", "v"))
                            .get(15, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void readerReadsDepotFilesInAnExtGroup() throws Exception {
        String value = "event-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer("files", Map.of())) {
            producer.send(new ProducerRecord<>("depot.files", "k", value)).get(15, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer =
                consumer("reader", "ext.secure-broker-test." + UUID.randomUUID())) {
            consumer.subscribe(List.of("depot.files"));
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (!seen.contains(value) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(record.value());
                }
            }
            assertThat(seen).contains(value);
            consumer.commitSync();
        }
    }

    @Test
    void readerCannotReadDepotInternalAuth() {
        try (KafkaConsumer<String, String> consumer =
                consumer("reader", "ext.secure-broker-test." + UUID.randomUUID())) {
            consumer.subscribe(List.of("depot.internal.auth"));
            assertThatThrownBy(() -> pollFor(consumer)).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void readerCannotUseAGroupOutsideExt() {
        try (KafkaConsumer<String, String> consumer = consumer("reader", "files-service")) {
            consumer.subscribe(List.of("depot.files"));
            assertThatThrownBy(() -> pollFor(consumer)).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void theWorkerMayNameItsGroupUnderItsPrefix() throws Exception {
        try (KafkaConsumer<String, String> consumer =
                consumer("worker", "processing-worker-test-" + UUID.randomUUID())) {
            consumer.subscribe(List.of("depot.files"));
            pollFor(consumer);
            consumer.commitSync();
        }
    }

    @Test
    void aWrongPasswordFailsAuthentication() {
        try (Admin admin = Admin.create(Map.<String, Object>copyOf(client("files", "not-the-password")))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void onlyAdminMayLogInWithPlain() {
        Map<String, Object> config = new HashMap<>(client("files", passwords.get("files")));
        config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        config.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.plain.PlainLoginModule required" + " username=\"files\" password=\""
                        + passwords.get("files") + "\";");
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    /** Polls until the consumer has its partitions (or throws what the broker refused). */
    private static void pollFor(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        while (consumer.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("no partitions assigned within " + CLIENT_TIMEOUT);
            }
            consumer.poll(Duration.ofMillis(500));
        }
    }

    private static Map<String, Object> client(String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        config.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required" + " username=\"" + user
                        + "\" password=\"" + password + "\";");
        return config;
    }

    private static KafkaProducer<String, String> producer(String user, Map<String, Object> extra) {
        Map<String, Object> config = client(user, passwords.get(user));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> config = client(user, passwords.get(user));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Two ports nothing listens on (held open together, so they differ). */
    private static int[] freePorts() throws IOException {
        try (ServerSocket first = new ServerSocket(0);
                ServerSocket second = new ServerSocket(0)) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        }
    }
}
