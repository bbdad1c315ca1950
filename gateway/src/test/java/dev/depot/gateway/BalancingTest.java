package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests balanced over a service's replicas, real servers on real ports (ReplicaServers): spread
 * over those that are up, sent again to another when one could not be reached and doing so cannot
 * repeat anything, and never to a replica whose health check fails.
 */
@QuarkusTest
@QuarkusTestResource(value = ReplicaServers.class, restrictToAnnotatedClass = true)
class BalancingTest {

    @Inject
    MeterRegistry registry;

    private double retries(String service) {
        Counter counter = registry.find("depot.gateway.upstream.retries")
                .tag("service", service)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double available(String service) {
        Gauge gauge = registry.find("depot.gateway.upstream.replicas.available")
                .tag("service", service)
                .gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private void awaitAvailable(String service, int replicas) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (available(service) != replicas && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(available(service)).as("replicas of %s up", service).isEqualTo(replicas);
    }

    /** Every replica's count of requests in flight back at 0: none is left counted once answered. */
    private void awaitNothingInFlight(String service) throws InterruptedException {
        long until = System.nanoTime() + 2_000_000_000L;
        while (inFlight(service) != 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(registry.find("depot.gateway.upstream.replica.in-flight")
                        .tag("service", service)
                        .gauges())
                .hasSize(2)
                .allSatisfy(
                        g -> assertThat(g.value()).as("in flight once answered").isZero());
    }

    private double inFlight(String service) {
        return registry.find("depot.gateway.upstream.replica.in-flight").tag("service", service).gauges().stream()
                .mapToDouble(Gauge::value)
                .sum();
    }

    private static String replicaOf(Response response) {
        return response.then().statusCode(200).extract().path("replica");
    }

    @Test
    void requestsAreSpreadOverEveryReplica() throws InterruptedException {
        Map<String, Integer> answered = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            answered.merge(replicaOf(given().get("/api/test/spread/x")), 1, Integer::sum);
        }
        // One request at a time: equally loaded, so taken in turn.
        assertThat(answered).containsOnlyKeys("spread-1", "spread-2");
        assertThat(answered.values()).containsExactly(5, 5);
        assertThat(ReplicaServers.seen("spread-1", "GET") + ReplicaServers.seen("spread-2", "GET"))
                .isEqualTo(10);
        awaitNothingInFlight("spread");
    }

    @Test
    void aReplicaThatIsGoneCostsReadsNothing() {
        for (int i = 0; i < 4; i++) {
            given().get("/api/test/killed/x").then().statusCode(200);
        }
        assertThat(ReplicaServers.seen("killed-1", "GET"))
                .as("both in use, with kept-alive connections")
                .isPositive();
        double before = retries("killed");

        ReplicaServers.kill("killed-1");
        for (int i = 0; i < 10; i++) {
            assertThat(replicaOf(given().get("/api/test/killed/x"))).isEqualTo("killed-2");
        }
        assertThat(retries("killed") - before)
                .as("retries on the other replica")
                .isGreaterThanOrEqualTo(1);
        // A POST goes only to the replica that is left (or, refused by the dead one, is sent there).
        given().body("{\"a\":1}")
                .contentType("application/json")
                .post("/api/test/killed/x")
                .then()
                .statusCode(200)
                .body("replica", equalTo("killed-2"))
                .body("size", equalTo(7));
    }

    @Test
    void aPostWhoseConnectionWasRefusedGoesToAnotherReplica() {
        double before = retries("refused");
        given().body("x".repeat(5000))
                .contentType("text/plain")
                .post("/api/test/refused/x")
                .then()
                .statusCode(200)
                .body("replica", equalTo("refused-2"))
                .body("size", equalTo(5000));
        assertThat(ReplicaServers.seen("refused-2", "POST")).isEqualTo(1);
        // The first replica (a closed port) came first in turn: its refusal was the one retry.
        assertThat(retries("refused") - before).isEqualTo(1);
        assertThat(available("refused")).as("the refusing replica is out").isEqualTo(1);
    }

    @Test
    void aPostTheReplicaMayHaveReceivedIsNeverSentAgain() {
        int dropped = ReplicaServers.seen("dropper", "POST");
        given().body("{\"pay\":100}")
                .contentType("application/json")
                .post("/api/test/drop-post/x")
                .then()
                .statusCode(502)
                .body("success", equalTo(false))
                .body("error", equalTo("BadGateway"));
        assertThat(ReplicaServers.seen("dropper", "POST") - dropped)
                .as("received once")
                .isEqualTo(1);
        assertThat(ReplicaServers.seen("drop-2", "POST"))
                .as("and never again elsewhere")
                .isZero();
        assertThat(retries("drop-post")).isZero();
    }

    @Test
    void aPutWhoseBodyWasSentIsNotSentAgainThoughPutIsIdempotent() {
        given().body("y".repeat(2000).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .contentType("application/octet-stream")
                .put("/api/test/drop-put/x")
                .then()
                .statusCode(502)
                .body("error", equalTo("BadGateway"));
        assertThat(ReplicaServers.seen("drop-2", "PUT")).isZero();
        assertThat(retries("drop-put")).isZero();
    }

    @Test
    void aGetWhoseConnectionWasDroppedIsAnsweredByAnotherReplica() {
        int dropped = ReplicaServers.seen("dropper", "GET");
        given().get("/api/test/drop-get/x").then().statusCode(200).body("replica", equalTo("drop-2"));
        assertThat(ReplicaServers.seen("dropper", "GET") - dropped)
                .as("tried first")
                .isEqualTo(1);
        assertThat(retries("drop-get")).isEqualTo(1);
    }

    @Test
    void aReplicaFailingItsHealthCheckGetsNoRequestsUntilItPassesAgain() throws InterruptedException {
        awaitAvailable("health", 2);
        ReplicaServers.HEALTH_STATUS.get("health-2").set(503);
        try {
            awaitAvailable("health", 1);
            int before = ReplicaServers.seen("health-2", "GET");
            for (int i = 0; i < 10; i++) {
                assertThat(replicaOf(given().get("/api/test/health/x"))).isEqualTo("health-1");
            }
            assertThat(ReplicaServers.seen("health-2", "GET")).isEqualTo(before);
            awaitNothingInFlight("health");
        } finally {
            ReplicaServers.HEALTH_STATUS.get("health-2").set(200);
        }
        awaitAvailable("health", 2);
        Map<String, Integer> answered = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            answered.merge(replicaOf(given().get("/api/test/health/x")), 1, Integer::sum);
        }
        assertThat(answered.getOrDefault("health-2", 0)).as("back in use").isPositive();
        assertThat(answered.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
    }

    @Test
    void withEveryReplicaDownTheAnswerIsTheOneForAServiceThatIsDown() {
        for (int i = 0; i < 3; i++) {
            given().get("/api/test/down/x")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue())
                    .body("success", equalTo(false))
                    .body("error", equalTo("ServiceUnavailable"))
                    .body("message", equalTo("down is not available"));
        }
        assertThat(available("down")).isZero();
        given().body("{}")
                .contentType("application/json")
                .post("/api/test/down/x")
                .then()
                .statusCode(503)
                .body("error", equalTo("ServiceUnavailable"));
    }

    @Test
    void anUploadWhoseReplicaDiedIsAnsweredAndItsConnectionClosed() throws Exception {
        int port = io.restassured.RestAssured.port;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            long size = 32L * 1024 * 1024; // under the route's limit (ReplicaServers)
            // The client writes on while it reads: the gateway answers before the body is all sent.
            Thread writer = new Thread(() -> {
                try {
                    var out = socket.getOutputStream();
                    out.write(
                            ("POST /api/test/cut/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                                            + "Content-Length: " + size + "\r\n\r\n")
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < size; sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (java.io.IOException closedByTheGateway) {
                    // expected: the rest of the body is refused
                }
            });
            writer.setDaemon(true);
            writer.start();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 502 Bad Gateway");
            java.util.List<String> head = new java.util.ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line.toLowerCase(java.util.Locale.ROOT));
            }
            // The rest of the upload must not be read as a next request on this connection.
            assertThat(head).contains("connection: close");
            int contentLength = head.stream()
                    .filter(h -> h.startsWith("content-length:"))
                    .map(h -> Integer.parseInt(
                            h.substring("content-length:".length()).trim()))
                    .findFirst()
                    .orElseThrow();
            char[] body = new char[contentLength];
            int read = 0;
            while (read < contentLength) {
                read += in.read(body, read, contentLength - read);
            }
            assertThat(new String(body)).contains("\"error\":\"BadGateway\"");
        }
        assertThat(ReplicaServers.seen("cutter", "POST")).isEqualTo(1);
    }
}
