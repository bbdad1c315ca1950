package dev.depot.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Depot's topics and how long each keeps what, made so at every broker start (plain or secure).
 *
 * <p>The public domain topics are compacted, but only past {@link #HISTORY_MS}: a consumer reading from the
 * beginning gets every event of the last seven days, and before that the latest event of every resource
 * (each carries the resource as it is after the change, keyed by its id). So a newcomer learns the current
 * state of every user, file, folder and share without another source. The internal topics and the
 * dead-letter ones keep seven days and drop what is older: they are Depot's plumbing, whose consumers keep
 * their own state.
 */
final class TopicSetup {

    static final Set<String> PUBLIC = Set.of("depot.auth", "depot.files", "depot.shares", "depot.processing");
    static final long HISTORY_MS = 7L * 24 * 60 * 60 * 1000;

    private TopicSetup() {}

    /**
     * For a plain broker: sets the topics up once it listens. Failing is logged, not fatal: clients still
     * create the topics on first use, only with the broker's default settings.
     */
    static void startInBackground(int port) {
        Thread thread = new Thread(
                () -> {
                    try {
                        awaitPort(port, 120_000);
                        try (Admin admin = Admin.create(Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                "127.0.0.1:" + port,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                120_000,
                                AdminClientConfig.CLIENT_ID_CONFIG,
                                "depot-topic-setup"))) {
                            int created = ensure(admin, Acls.topics());
                            System.out.println(
                                    "depot: " + Acls.topics().size() + " topics set up (" + created + " created)");
                        }
                    } catch (Exception e) {
                        System.err.println(
                                "depot: setting up the topics failed, clients will create them with defaults: " + e);
                    }
                },
                "depot-topic-setup");
        thread.setDaemon(true);
        thread.start();
    }

    static void awaitPort(int port, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException(
                            "nothing listens on 127.0.0.1:" + port + " after " + timeoutMs / 1000 + " s", e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** The settings a topic must have (those it does not name stay the broker's). */
    static Map<String, String> settingsOf(String topic) {
        if (PUBLIC.contains(topic)) {
            return Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", String.valueOf(HISTORY_MS));
        }
        return Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(HISTORY_MS));
    }

    /**
     * Creates the missing topics with their settings and sets them on the topics that exist (a topic a client
     * created first, or one from an older layout); data is never touched. Answers how many were created.
     */
    static int ensure(Admin admin, Collection<String> topics) throws Exception {
        List<NewTopic> wanted = new ArrayList<>();
        for (String topic : topics) {
            wanted.add(new NewTopic(topic, Acls.PARTITIONS, (short) 1).configs(settingsOf(topic)));
        }
        int created = 0;
        List<String> existing = new ArrayList<>();
        for (var result : admin.createTopics(wanted).values().entrySet()) {
            try {
                result.getValue().get();
                created++;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                existing.add(result.getKey());
            }
        }
        if (!existing.isEmpty()) {
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            for (String topic : existing) {
                List<AlterConfigOp> ops = new ArrayList<>();
                settingsOf(topic)
                        .forEach((key, value) ->
                                ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops);
            }
            admin.incrementalAlterConfigs(changes).all().get();
        }
        return created;
    }
}
