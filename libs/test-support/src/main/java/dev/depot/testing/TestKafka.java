package dev.depot.testing;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** A client of the real broker for tests that produce or read events directly. */
public final class TestKafka {

    private TestKafka() {
    }

    public static KafkaCompanion companion() {
        return new KafkaCompanion(TestEnv.kafkaBootstrapServers());
    }
}
