package dev.depot.messaging.health;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the Kafka broker, answered within {@code depot.health.timeout} whatever the broker
 * does (down, or accepting connections and never answering): DOWN with the reason. Replaces Quarkus'
 * own Kafka check (quarkus.kafka.health.enabled=false in each service), which waits for the admin
 * client's default API timeout, a minute, before it says anything.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements AsyncHealthCheck {

    private final Map<String, Object> kafka;
    private final Duration timeout;
    private Admin admin;

    public KafkaReadiness(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "depot.health.timeout", defaultValue = "PT1S") Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        int ms = (int) timeout.toMillis();
        return Uni.createFrom()
                .deferred(() -> Uni.createFrom()
                        .completionStage(admin().describeCluster(new DescribeClusterOptions().timeoutMs(ms))
                                .nodes()
                                .toCompletionStage()))
                .ifNoItem()
                .after(timeout.plusMillis(200))
                .failWith(() -> new TimeoutException("no answer within " + ms + " ms"))
                .map(nodes -> nodes.isEmpty()
                        ? HealthCheckResponse.named("kafka")
                                .down()
                                .withData("reason", "the cluster has no brokers")
                                .build()
                        : HealthCheckResponse.named("kafka")
                                .up()
                                .withData("brokers", nodes.size())
                                .build())
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named("kafka")
                        .down()
                        .withData(
                                "reason", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        .build());
    }

    /** Made at start (it may resolve the broker's name, which is no work for the event loop the checks run on). */
    void init(@Observes StartupEvent start) {
        admin();
    }

    /** One admin client, whose calls give up after the same timeout. */
    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>();
            kafka.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    config.put(key, value);
                }
            });
            int ms = (int) timeout.toMillis();
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "depot-readiness");
            admin = Admin.create(config);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }
}
