package dev.depot.analytics.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on 127.0.0.1 for tests: each path answers the statuses it was told to, in turn (the
 * last one from then on), and records every request it got.
 */
final class HookServer implements AutoCloseable {

    record Received(Instant at, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .map(e -> e.getValue().get(0))
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, Queue<Integer>> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> lastAnswer = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

    HookServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                        .add(new Received(Instant.now(), Map.copyOf(exchange.getRequestHeaders()), body));
            }
            Queue<Integer> queue = answers.get(path);
            Integer next = queue == null ? null : queue.poll();
            int status = next != null ? next : lastAnswer.getOrDefault(path, 200);
            lastAnswer.put(path, status);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL of a path that answers these statuses in turn, then the last one forever. */
    String url(String path, Integer... statuses) {
        answers.put(path, new ConcurrentLinkedQueue<>(List.of(statuses)));
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> received(String path) {
        return received.getOrDefault(path, List.of());
    }

    /** Waits until the path has received {@code count} requests (20 s at most). */
    List<Received> await(String path, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (received(path).size() < count && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return received(path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
