package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.testing.FreePorts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A service whose replicas are the addresses of one name, as under docker-compose --scale: real
 * servers on 127.0.0.2, .3 and .4 (one port), the name resolved by the JDK through the hosts file the
 * gateway's tests use (gateway/pom.xml), which this test rewrites as containers would come and go.
 */
@QuarkusTest
@QuarkusTestResource(value = DiscoveryTest.Scaled.class, restrictToAnnotatedClass = true)
class DiscoveryTest {

    static final String NAME = "scaled.depot.test";

    @Inject
    MeterRegistry registry;

    @Test
    void theReplicasAreTheAddressesTheNameResolvesToAsTheyComeAndGo() throws Exception {
        Scaled.resolve("127.0.0.2", "127.0.0.3");
        await(() -> answering(20), Set.of("127.0.0.2", "127.0.0.3"));
        assertThat(inFlightGauges()).isEqualTo(2);

        // One container gone, another started: requests follow the name's addresses.
        Scaled.resolve("127.0.0.3", "127.0.0.4");
        await(() -> answering(20), Set.of("127.0.0.3", "127.0.0.4"));
        assertThat(inFlightGauges()).isEqualTo(2);

        // The name no longer resolves (a DNS hiccup): the last addresses stay.
        Scaled.resolve();
        Thread.sleep(500);
        assertThat(answering(10)).isEqualTo(Set.of("127.0.0.3", "127.0.0.4"));
    }

    /** Which replicas answered {@code n} requests, all of which must succeed. */
    private static Set<String> answering(int n) {
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            seen.add(given().get("/api/test/scaled/x")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("replica"));
        }
        return seen;
    }

    private static void await(Supplier<Set<String>> actual, Set<String> expected) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<String> last = actual.get();
        while (!last.equals(expected) && System.nanoTime() < until) {
            Thread.sleep(100);
            last = actual.get();
        }
        assertThat(last).isEqualTo(expected);
    }

    private int inFlightGauges() {
        return registry.find("depot.gateway.upstream.replica.in-flight")
                .tag("service", "scaled")
                .gauges()
                .size();
    }

    /** Three replicas on one port at three loopback addresses, and the hosts file naming some of them. */
    public static class Scaled implements QuarkusTestResourceLifecycleManager {

        private static Vertx vertx;
        private static String original;

        static Path hostsFile() {
            return Path.of(System.getProperty("jdk.net.hosts.file"));
        }

        /** Makes {@link #NAME} resolve to these addresses (none: not at all). */
        static void resolve(String... addresses) throws Exception {
            StringBuilder hosts = new StringBuilder(original);
            for (String address : addresses) {
                hosts.append(address).append(' ').append(NAME).append('\n');
            }
            Path tmp = hostsFile().resolveSibling("hosts.tmp");
            Files.writeString(tmp, hosts);
            Files.move(tmp, hostsFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public Map<String, String> start() {
            try {
                original = Files.readString(hostsFile());
                resolve("127.0.0.2");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            vertx = Vertx.vertx();
            int port = FreePorts.pick();
            for (String address : new String[] {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
                vertx.createHttpServer()
                        .requestHandler(req -> req.response()
                                .putHeader("Content-Type", "application/json")
                                .end(new JsonObject().put("replica", address).encode()))
                        .listen(port, address)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .join();
            }
            return Map.of(
                    "depot.gateway.routes.scaled.url", "http://" + NAME + ":" + port,
                    "depot.gateway.routes.scaled.prefixes", "/api/test/scaled",
                    "depot.gateway.replicas.resolve-interval", "PT0.1S",
                    "depot.gateway.rate-limit.enabled", "false");
        }

        @Override
        public void stop() {
            try {
                Files.writeString(hostsFile(), original);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }
}
