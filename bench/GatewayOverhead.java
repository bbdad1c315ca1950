import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateway adds to a request: the same endpoint called on the service directly and through
 * the gateway, in the same run and under the same conditions.
 *
 * Latency: open loop at a fixed total rate, requests alternating between the two targets tick by
 * tick, each latency counted from its scheduled time (a stall shows in the percentiles instead of
 * slowing the load down). Throughput: closed loop with CONCURRENCY callers, in alternating slices of
 * 2 s per target, so that drift in the machine's load falls on both alike.
 *
 * java bench/GatewayOverhead.java TOKEN RATE SECONDS CONCURRENCY NAME DIRECT_URL GATEWAY_URL [NAME DIRECT GATEWAY ...]
 */
public class GatewayOverhead {

    private static final long SLICE_NANOS = 2_000_000_000L;

    record Target(String label, HttpClient client, HttpRequest request) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7 || (args.length - 4) % 3 != 0) {
            System.err.println("usage: GatewayOverhead TOKEN RATE SECONDS CONCURRENCY NAME DIRECT_URL GATEWAY_URL ...");
            System.exit(2);
        }
        String token = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        for (int i = 4; i < args.length; i += 3) {
            String name = args[i];
            // One client per target: neither borrows the other's connections.
            Target direct = new Target("direct", client(), request(args[i + 1], token));
            Target gateway = new Target("gateway", client(), request(args[i + 2], token));
            warmUp(direct);
            warmUp(gateway);
            latency(name, direct, gateway, rate, seconds);
            throughput(name, direct, gateway, concurrency, seconds);
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest request(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (!token.equals("-")) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    /** The JIT, the connection pools and the services' caches, not measured. */
    private static void warmUp(Target t) throws Exception {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(t.client().sendAsync(t.request(), HttpResponse.BodyHandlers.discarding()));
            if (all.size() >= 8) {
                CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).exceptionally(e -> null).join();
                all.clear();
            }
        }
        HttpResponse<Void> r = t.client().send(t.request(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(t.label() + " " + t.request().uri() + " answers " + r.statusCode()
                    + (r.statusCode() == 429 ? ": the gateway's rate limit (see bench/gateway-overhead.sh)" : ""));
        }
    }

    private static void latency(String name, Target direct, Target gateway, int rate, int seconds) {
        Map<String, ConcurrentLinkedQueue<Double>> latencies = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        Map<String, Integer> firstError = new ConcurrentHashMap<>();
        for (Target t : List.of(direct, gateway)) {
            latencies.put(t.label(), new ConcurrentLinkedQueue<>());
            errors.put(t.label(), new AtomicInteger());
        }
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            Target t = i % 2 == 0 ? direct : gateway;
            long scheduled = start + i * interval;
            sleepUntil(scheduled);
            inFlight.add(t.client().sendAsync(t.request(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    errors.get(t.label()).incrementAndGet();
                    firstError.putIfAbsent(t.label(), e != null ? -1 : r.statusCode());
                } else {
                    latencies.get(t.label()).add((System.nanoTime() - scheduled) / 1e6);
                }
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])).exceptionally(e -> null).join();
        List<Double> d = sorted(latencies.get("direct"));
        List<Double> g = sorted(latencies.get("gateway"));
        System.out.printf("%-14s latency at %d req/s for %d s (half each)%n", name, rate, seconds);
        System.out.printf("  direct   p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms  errors %d%s%n",
                pct(d, 50), pct(d, 90), pct(d, 99), pct(d, 100), errors.get("direct").get(), why(firstError, "direct"));
        System.out.printf("  gateway  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms  errors %d%s%n",
                pct(g, 50), pct(g, 90), pct(g, 99), pct(g, 100), errors.get("gateway").get(), why(firstError, "gateway"));
        System.out.printf("  added    p50 %+7.2f ms              p99 %+7.2f ms%n", pct(g, 50) - pct(d, 50),
                pct(g, 99) - pct(d, 99));
    }

    private static void throughput(String name, Target direct, Target gateway, int concurrency, int seconds)
            throws InterruptedException {
        int slices = Math.max(1, seconds / 4);
        long[] requests = new long[2];
        long[] bytes = new long[2];
        long[] failures = new long[2];
        long[] nanos = new long[2];
        for (int s = 0; s < slices; s++) {
            for (int k = 0; k < 2; k++) {
                long[] r = slice(k == 0 ? direct : gateway, concurrency);
                requests[k] += r[0];
                bytes[k] += r[1];
                failures[k] += r[2];
                nanos[k] += r[3];
            }
        }
        double dRps = requests[0] / (nanos[0] / 1e9);
        double gRps = requests[1] / (nanos[1] / 1e9);
        System.out.printf("%-14s throughput, %d callers, %d s each%n", name, concurrency, slices * 2);
        System.out.printf("  direct   %9.1f req/s  %8.1f MB/s  errors %d%n", dRps, bytes[0] / 1048576.0 / (nanos[0] / 1e9),
                failures[0]);
        System.out.printf("  gateway  %9.1f req/s  %8.1f MB/s  errors %d%n", gRps, bytes[1] / 1048576.0 / (nanos[1] / 1e9),
                failures[1]);
        System.out.printf("  ratio    %9.2f (gateway / direct)%n", gRps / dRps);
    }

    /** CONCURRENCY callers, each sending its next request when its last one has answered, for one slice. */
    private static long[] slice(Target t, int concurrency) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + SLICE_NANOS;
        CountDownLatch finished = new CountDownLatch(concurrency);
        for (int c = 0; c < concurrency; c++) {
            next(t, end, done, bytes, failed, finished);
        }
        finished.await();
        return new long[] { done.get(), bytes.get(), failed.get(), System.nanoTime() - start };
    }

    private static void next(Target t, long end, AtomicLong done, AtomicLong bytes, AtomicLong failed,
            CountDownLatch finished) {
        if (System.nanoTime() >= end) {
            finished.countDown();
            return;
        }
        t.client().sendAsync(t.request(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            if (e != null || r.statusCode() != 200) {
                failed.incrementAndGet();
            } else {
                done.incrementAndGet();
                bytes.addAndGet(r.headers().firstValueAsLong("Content-Length").orElse(0));
            }
            next(t, end, done, bytes, failed, finished);
        });
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String why(Map<String, Integer> firstError, String label) {
        Integer status = firstError.get(label);
        return status == null ? "" : status < 0 ? " (first: no answer)" : " (first: HTTP " + status + ")";
    }

    private static List<Double> sorted(ConcurrentLinkedQueue<Double> values) {
        List<Double> list = new ArrayList<>(values);
        Collections.sort(list);
        return list;
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
