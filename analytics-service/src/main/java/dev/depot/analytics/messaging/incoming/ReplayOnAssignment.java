package dev.depot.analytics.messaging.incoming;

import dev.depot.analytics.config.AnalyticsConfig;
import dev.depot.analytics.service.ReplayService;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Rebuilds the read models when {@code depot.analytics.replay} names a replay that has not run yet: at
 * this instance's first partition assignment, before any record is applied, the read models are
 * truncated (ReplayService) and the consumer goes back to the earliest offset of every partition; the
 * group's committed offsets follow as the replayed records are applied. Run it with one instance.
 */
@ApplicationScoped
@Identifier(ReplayOnAssignment.NAME)
public class ReplayOnAssignment implements KafkaConsumerRebalanceListener {

    public static final String NAME = "analytics-replay";
    private static final Logger LOG = Logger.getLogger(ReplayOnAssignment.class);

    private final ReplayService replay;
    private final AnalyticsConfig config;
    private final AtomicBoolean first = new AtomicBoolean(true);

    public ReplayOnAssignment(ReplayService replay, AnalyticsConfig config) {
        this.replay = replay;
        this.config = config;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        String token =
                config.replay().map(String::trim).filter(t -> !t.isEmpty()).orElse(null);
        if (token == null || !first.getAndSet(false)) {
            return;
        }
        // The Kafka polling thread: waiting here holds back the first fetch until the tables are empty.
        boolean fresh = replay.begin(token).await().atMost(Duration.ofMinutes(5));
        if (fresh) {
            consumer.seekToBeginning(partitions);
            LOG.infof("replay %s: reading %d partitions again from the earliest offsets", token, partitions.size());
        }
    }
}
