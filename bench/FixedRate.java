import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load at a fixed request rate: requests go out on schedule whether or not earlier ones
 * have answered, and each latency is counted from its scheduled time, so a stall shows in the
 * percentiles instead of slowing the load down (no coordinated omission).
 *
 * java bench/FixedRate.java NAME URL TOKEN RATE SECONDS   (TOKEN - sends no Authorization)
 */
public class FixedRate {

    public static void main(String[] args) throws Exception {
        String name = args[0];
        URI uri = URI.create(args[1]);
        String token = args[2];
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (!token.equals("-")) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();

        // Warm-up: the JIT and the connection pools, not measured.
        for (int i = 0; i < 50; i++) {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    errors.incrementAndGet();
                } else {
                    latencies.add((System.nanoTime() - scheduled) / 1e6);
                }
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])).exceptionally(e -> null).join();
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("%-16s %4d req/s x %2d s  p50 %7.1f ms  p90 %7.1f ms  p99 %7.1f ms  max %7.1f ms  errors %d%n",
                name, rate, seconds, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1), errors.get());
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
