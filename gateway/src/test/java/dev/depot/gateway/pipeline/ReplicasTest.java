package dev.depot.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.depot.gateway.TestConfigs;
import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.pipeline.Replicas.Replica;
import dev.depot.gateway.routing.RouteTable;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which replica a request goes to, and when one is left out. */
class ReplicasTest {

    private static GatewayConfig config(Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "depot.gateway.routes.files-service.prefixes", "/api/cdn/files",
                "depot.gateway.replicas.backoff", "PT1S",
                "depot.gateway.replicas.max-backoff", "PT4S"));
        properties.putAll(more);
        return TestConfigs.gateway(properties);
    }

    private static Replicas replicas(Map<String, String> more) {
        GatewayConfig config = config(more);
        return Replicas.of("files-service", config.routes().get("files-service"), config.replicas());
    }

    private static Replicas two() {
        return replicas(
                Map.of("depot.gateway.routes.files-service.url", "http://127.0.0.1:8082,http://127.0.0.1:18082"));
    }

    @Test
    void oneUrlIsOneReplicaWatchedOnlyPassively() {
        GatewayConfig config = config(Map.of("depot.gateway.routes.files-service.url", "http://127.0.0.1:8082"));
        Replicas replicas = Replicas.of("files-service", config.routes().get("files-service"), config.replicas());
        assertThat(replicas.all()).hasSize(1);
        assertThat(replicas.all().get(0).url()).isEqualTo(URI.create("http://127.0.0.1:8082"));
        assertThat(replicas.all().get(0).healthUrl()).isNull();
        assertThat(config.routes().get("files-service").url()).isEqualTo(URI.create("http://127.0.0.1:8082"));
        assertThat(new RouteTable(config).service("files-service").orElseThrow().urls())
                .containsExactly(URI.create("http://127.0.0.1:8082"));
    }

    @Test
    void aCommaSeparatedUrlIsSeveralReplicasEachWithItsHealthEndpoint() {
        Replicas replicas = replicas(Map.of(
                "depot.gateway.routes.files-service.url", "http://127.0.0.1:8082,http://127.0.0.1:18082",
                "depot.gateway.routes.files-service.health-url",
                        "http://127.0.0.1:9082/q/health/ready,http://127.0.0.1:19082/q/health/ready"));
        assertThat(replicas.all()).extracting(r -> r.url().getPort()).containsExactly(8082, 18082);
        assertThat(replicas.all()).extracting(r -> r.healthUrl().getPort()).containsExactly(9082, 19082);
    }

    @Test
    void aHealthUrlListThatDoesNotMatchTheReplicasIsRefusedAtStart() {
        assertThatThrownBy(() -> replicas(Map.of(
                        "depot.gateway.routes.files-service.url", "http://127.0.0.1:8082,http://127.0.0.1:18082",
                        "depot.gateway.routes.files-service.health-url", "http://127.0.0.1:9082/q/health/ready")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 urls but 1 health-urls");
    }

    @Test
    void equallyLoadedReplicasTakeRequestsInTurn() {
        Replicas replicas = two();
        Map<Replica, Integer> picked = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            picked.merge(replicas.pick(Set.of()), 1, Integer::sum);
        }
        assertThat(picked.values()).containsExactly(5, 5);
    }

    @Test
    void theReplicaWithFewerRequestsInFlightIsPreferred() {
        Replicas replicas = two();
        Replica busy = replicas.all().get(0);
        busy.begin();
        busy.begin();
        for (int i = 0; i < 4; i++) {
            assertThat(replicas.pick(Set.of())).isEqualTo(replicas.all().get(1));
        }
        busy.end();
        busy.end();
        assertThat(Set.of(replicas.pick(Set.of()), replicas.pick(Set.of()))).hasSize(2);
    }

    @Test
    void aReplicaAlreadyTriedIsNotPickedAgainForTheSameRequest() {
        Replicas replicas = two();
        Replica first = replicas.pick(Set.of());
        Replica second = replicas.pick(Set.of(first));
        assertThat(second).isNotEqualTo(first);
        assertThat(replicas.pick(Set.of(first, second))).isNull();
    }

    @Test
    void aFailedConnectionLeavesTheReplicaOutForAGrowingCappedBackoff() {
        Replicas replicas = two();
        Replica failing = replicas.all().get(0);
        replicas.connectionFailed(failing);
        for (int i = 0; i < 4; i++) {
            assertThat(replicas.pick(Set.of())).isEqualTo(replicas.all().get(1));
        }
        assertThat(replicas.available()).isEqualTo(1);
        long now = System.nanoTime();
        assertThat(failing.available(now + 900_000_000L)).isFalse();
        assertThat(failing.available(now + 1_100_000_000L)).as("after 1 s").isTrue();
        replicas.connectionFailed(failing);
        now = System.nanoTime();
        assertThat(failing.available(now + 1_900_000_000L)).as("doubled").isFalse();
        assertThat(failing.available(now + 2_100_000_000L)).isTrue();
        for (int i = 0; i < 10; i++) {
            replicas.connectionFailed(failing);
        }
        now = System.nanoTime();
        assertThat(failing.available(now + 4_100_000_000L))
                .as("capped at max-backoff")
                .isTrue();
        replicas.answered(failing);
        assertThat(failing.available(System.nanoTime())).as("an answer ends it").isTrue();
        replicas.connectionFailed(failing);
        now = System.nanoTime();
        assertThat(failing.available(now + 1_100_000_000L))
                .as("the back-off starts over")
                .isTrue();
    }

    @Test
    void aFailedHealthCheckLeavesTheReplicaOutUntilOnePasses() {
        Replicas replicas = two();
        Replica sick = replicas.all().get(1);
        replicas.checked(sick, false);
        assertThat(sick.available(System.nanoTime() + 3_600_000_000_000L)).isFalse();
        for (int i = 0; i < 4; i++) {
            assertThat(replicas.pick(Set.of())).isEqualTo(replicas.all().get(0));
        }
        replicas.connectionFailed(replicas.all().get(0));
        assertThat(replicas.pick(Set.of())).as("every replica out").isNull();
        assertThat(replicas.lastResort()).isIn(replicas.all());
        replicas.checked(sick, true);
        assertThat(replicas.pick(Set.of())).isEqualTo(sick);
    }

    @Test
    void refusedResetAndTimedOutConnectionsCountAgainstAReplicaButABusyPoolDoesNot() {
        assertThat(ForwardStage.connectionFailed(new java.net.ConnectException("refused")))
                .isTrue();
        assertThat(ForwardStage.connectionFailed(
                        new io.vertx.core.VertxException(new java.net.SocketException("Connection reset"))))
                .isTrue();
        assertThat(ForwardStage.connectionFailed(new io.netty.channel.ConnectTimeoutException("timed out")))
                .isTrue();
        assertThat(ForwardStage.connectionFailed(new io.vertx.core.http.ConnectionPoolTooBusyException("full")))
                .isFalse();
        assertThat(ForwardStage.connectionFailed(new java.util.concurrent.TimeoutException("pool wait")))
                .isFalse();
    }

    @Test
    void aRouteTableTargetListsEveryReplica() {
        GatewayConfig config = config(
                Map.of("depot.gateway.routes.files-service.url", "http://127.0.0.1:8082,http://127.0.0.1:18082"));
        assertThat(new RouteTable(config)
                        .match("/api/cdn/files/x")
                        .orElseThrow()
                        .urls())
                .isEqualTo(List.of(URI.create("http://127.0.0.1:8082"), URI.create("http://127.0.0.1:18082")));
    }

    @Test
    void aNameStandsForEveryAddressItResolvesToAndReplicasFollowItsAddresses() {
        Replicas replicas = replicas(Map.of(
                "depot.gateway.routes.files-service.url", "http://files-service:8082/",
                "depot.gateway.routes.files-service.health-url", "http://files-service:9082/q/health/ready"));
        assertThat(replicas.names()).containsExactly("files-service");
        // Until the first lookup, the name itself is the one replica.
        assertThat(replicas.all()).extracting(r -> r.url().getHost()).containsExactly("files-service");

        Replicas.Change first = replicas.resolved(Map.of("files-service", List.of("10.0.0.2", "10.0.0.3")));
        assertThat(replicas.all())
                .extracting(r -> r.url().toString(), r -> r.healthUrl().toString())
                .containsExactly(
                        tuple("http://10.0.0.2:8082/", "http://10.0.0.2:9082/q/health/ready"),
                        tuple("http://10.0.0.3:8082/", "http://10.0.0.3:9082/q/health/ready"));
        assertThat(first.added()).hasSize(2);
        assertThat(first.removed()).extracting(r -> r.url().getHost()).containsExactly("files-service");

        // A replica still there keeps what the gateway knows of it: here, its requests in flight.
        Replica kept = replicas.all().get(1);
        kept.begin();
        Replicas.Change scaled = replicas.resolved(Map.of("files-service", List.of("10.0.0.3", "10.0.0.4")));
        assertThat(replicas.all()).extracting(r -> r.url().getHost()).containsExactly("10.0.0.3", "10.0.0.4");
        assertThat(replicas.all().get(0)).isSameAs(kept);
        assertThat(kept.inFlight()).isEqualTo(1);
        assertThat(scaled.added()).extracting(r -> r.url().getHost()).containsExactly("10.0.0.4");
        assertThat(scaled.removed()).extracting(r -> r.url().getHost()).containsExactly("10.0.0.2");
        for (int i = 0; i < 6; i++) {
            assertThat(replicas.pick(Set.of()).url().getHost()).isNotEqualTo("10.0.0.2");
        }

        // A lookup that found nothing keeps the last addresses; one that found the same changes nothing.
        assertThat(replicas.resolved(Map.of())).isEqualTo(new Replicas.Change(List.of(), List.of()));
        assertThat(replicas.resolved(Map.of("files-service", List.of("10.0.0.3", "10.0.0.4")))
                        .added())
                .isEmpty();
        assertThat(replicas.all()).extracting(r -> r.url().getHost()).containsExactly("10.0.0.3", "10.0.0.4");
    }

    @Test
    void addressLiteralsAreNotNamesToResolve() {
        assertThat(two().names()).isEmpty();
        assertThat(Replicas.isName("files-service")).isTrue();
        assertThat(Replicas.isName("localhost")).isTrue();
        assertThat(Replicas.isName("10.1.2.3")).isFalse();
        assertThat(Replicas.isName("[::1]")).isFalse();
    }
}
