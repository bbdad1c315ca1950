package dev.depot.system.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fuzz run sent and what came back: requests per service and route, answers per status,
 * and every distinct failure (method, route, status, reason) with the first request that provoked it.
 */
public final class Tally {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One distinct failure, with how often it was seen and the first exact request. */
    public static final class Finding {
        final String service;
        final String route;
        final int status;
        final String reason;
        final String example;
        final AtomicInteger count = new AtomicInteger();

        Finding(String service, String route, int status, String reason, String example) {
            this.service = service;
            this.route = route;
            this.status = status;
            this.reason = reason;
            this.example = example;
        }

        public String line() {
            return route + "  " + (status == 0 ? "-" : status) + "  " + reason + "  (" + service + ", x" + count + ")";
        }
    }

    private final Map<String, AtomicInteger> perService = new ConcurrentSkipListMap<>();
    private final Map<String, int[]> perRoute = new ConcurrentSkipListMap<>();
    private final Map<Integer, AtomicInteger> perStatus = new ConcurrentSkipListMap<>();
    private final Map<String, Finding> findings = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger parserRefusals = new AtomicInteger();
    private final AtomicLong slowest = new AtomicLong();
    private final AtomicLong millis = new AtomicLong();
    private volatile String slowestRequest = "";

    /** Counts one exchange and checks the answer; returns the problems found (empty when it is acceptable). */
    public List<String> record(CaseMaker.Case c, RawHttp.Answer a) {
        requests.incrementAndGet();
        String via = c.direct() ? "direct" : "gateway";
        perService
                .computeIfAbsent(c.op().service() + " via " + via, k -> new AtomicInteger())
                .incrementAndGet();
        int[] counts = perRoute.computeIfAbsent(c.op().service() + "  " + c.op().key(), k -> new int[6]);
        synchronized (counts) {
            counts[0]++;
            counts[a.status() == 0 ? 1 : Math.min(5, Math.max(2, a.status() / 100))]++;
        }
        perStatus.computeIfAbsent(a.status(), k -> new AtomicInteger()).incrementAndGet();
        millis.addAndGet(a.millis());
        if (a.millis() > slowest.get()) {
            slowest.set(a.millis());
            slowestRequest = c.op().key() + " (" + a.millis() + " ms): " + c.hostile();
        }
        List<String> problems = problems(c, a);
        for (String p : problems) {
            finding(c, a, p);
        }
        return problems;
    }

    /** A failure found other than by looking at one answer (the user's data changed by a refused request). */
    public void finding(CaseMaker.Case c, RawHttp.Answer a, String reason) {
        // Refused by the HTTP server itself, before any route: one failure, whichever route it was sent to.
        String route = c.protocol() != null && reason.startsWith("4xx without")
                ? "ANY (" + c.protocol() + ")"
                : c.op().method() + " " + c.op().path();
        String key = route + "|" + a.status() + "|" + reason;
        Finding f = findings.computeIfAbsent(
                key, k -> new Finding(c.op().service(), route, a.status(), reason, example(c, a)));
        f.count.incrementAndGet();
    }

    /**
     * A message that is not valid HTTP/1.1 (a header name with a space, control characters in a value,
     * two Content-Lengths) is refused by the server's HTTP decoder with a bare 400, 414 or 431 before any
     * of Depot's code sees it: Quarkus builds that server and offers no hook for those answers. Such a
     * refusal is recognised by what every routed answer of the gateway has and it lacks (X-Request-Id),
     * and counted apart; for anything else the envelope stays required.
     */
    static boolean refusedByTheHttpParser(CaseMaker.Case c, RawHttp.Answer a) {
        return c.protocol() != null
                && !c.direct()
                && List.of(400, 414, 431).contains(a.status())
                && a.body().length == 0
                && a.header("x-request-id") == null;
    }

    List<String> problems(CaseMaker.Case c, RawHttp.Answer a) {
        List<String> problems = new ArrayList<>();
        if (a.failure() != null) {
            problems.add(
                    "no answer: " + a.failure().replaceAll("[0-9]+ ms", "N ms").replaceAll(":.*", ""));
            return problems;
        }
        if (a.status() >= 500) {
            problems.add("server error" + errorName(a));
        } else if (refusedByTheHttpParser(c, a)) {
            parserRefusals.incrementAndGet();
        } else if (a.status() >= 400 && !c.op().method().equals("HEAD")) {
            String wrong = envelopeProblem(a);
            if (wrong != null) {
                problems.add("4xx without the error envelope: " + wrong);
            }
        } else if (a.status() >= 200
                && a.status() < 300
                && a.body().length > 0
                && a.body().length < 64 * 1024
                && String.valueOf(a.header("content-type")).contains("json")) {
            try {
                JSON.readTree(a.body());
            } catch (Exception e) {
                problems.add("2xx whose JSON body does not parse");
            }
        }
        if (!c.direct()
                && a.status() >= 200
                && a.status() < 400
                && c.request().target.contains("internal")
                && c.hostile().stream().anyMatch(h -> h.startsWith("path traversal"))) {
            problems.add("an internal route answered through the gateway");
        }
        return problems;
    }

    private static String errorName(RawHttp.Answer a) {
        try {
            JsonNode body = JSON.readTree(a.body());
            return body.hasNonNull("error") ? " (" + body.get("error").asText() + ")" : "";
        } catch (Exception e) {
            return " (not JSON)";
        }
    }

    /** What is wrong with a 4xx body as {"success": false, "error", "message", "detail", "details"}, or null. */
    static String envelopeProblem(RawHttp.Answer a) {
        if (a.body().length == 0) {
            return "empty body";
        }
        JsonNode body;
        try {
            body = JSON.readTree(a.body());
        } catch (Exception e) {
            return "not JSON (" + a.header("content-type") + ")";
        }
        if (body == null || !body.isObject()) {
            return "not a JSON object";
        }
        if (!body.path("success").isBoolean() || body.path("success").asBoolean()) {
            return "no \"success\": false";
        }
        if (!body.path("error").isTextual() || body.path("error").asText().isBlank()) {
            return "no \"error\" name";
        }
        if (!body.path("message").isTextual()) {
            return "no \"message\"";
        }
        if (!body.path("detail").isTextual()) {
            return "no \"detail\"";
        }
        if (body.has("details")
                && !body.get("details").isObject()
                && !body.get("details").isNull()) {
            return "\"details\" is not an object";
        }
        return null;
    }

    private static String example(CaseMaker.Case c, RawHttp.Answer a) {
        return "    hostile: " + c.hostile() + "\n    sent "
                + (c.direct() ? "to " + c.op().service() + " directly" : "through the gateway")
                + ": " + c.request().describe() + "\n    answer: "
                + (a.failure() != null ? a.failure() : a.status() + " " + RawHttp.printable(a.text(), 400));
    }

    public int requests() {
        return requests.get();
    }

    public List<Finding> findings() {
        List<Finding> list = new ArrayList<>(findings.values());
        list.sort(java.util.Comparator.comparing((Finding f) -> f.reason)
                .thenComparing(f -> f.route)
                .thenComparing(f -> f.status));
        return list;
    }

    public Map<String, Integer> routes() {
        Map<String, Integer> m = new TreeMap<>();
        perRoute.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    public String report() {
        StringBuilder b = new StringBuilder();
        b.append("requests per service:\n");
        Map<String, Integer> services = new TreeMap<>();
        perService.forEach((k, v) -> services.merge(k.substring(0, k.indexOf(' ')), v.get(), Integer::sum));
        services.forEach((k, v) -> b.append(String.format("  %-18s %6d", k, v))
                .append("   (")
                .append(perService
                        .getOrDefault(k + " via gateway", new AtomicInteger())
                        .get())
                .append(" through the gateway, ")
                .append(perService
                        .getOrDefault(k + " via direct", new AtomicInteger())
                        .get())
                .append(" directly)\n"));
        b.append("requests per route (total: 2xx 3xx 4xx 5xx none):\n");
        perRoute.forEach((k, v) ->
                b.append(String.format("  %-75s %4d: %4d %4d %4d %4d %4d%n", k, v[0], v[2], v[3], v[4], v[5], v[1])));
        b.append("answers per status: ")
                .append(perStatus)
                .append(" (of the 4xx, ")
                .append(parserRefusals.get())
                .append(" bare refusals of malformed HTTP by the server's decoder, before any route)\n");
        b.append("mean answer time: ")
                .append(millis.get() / Math.max(1, requests.get()))
                .append(" ms; slowest: ")
                .append(slowestRequest)
                .append('\n');
        return b.toString();
    }

    public String findingsReport() {
        StringBuilder b = new StringBuilder();
        List<Finding> list = findings();
        b.append(list.size()).append(" distinct failures (method route status reason):\n");
        for (Finding f : list) {
            b.append("  ").append(f.line()).append('\n');
        }
        b.append("\nthe first request of each:\n");
        for (Finding f : list) {
            b.append("  ").append(f.line()).append('\n').append(f.example).append("\n\n");
        }
        return b.toString();
    }
}
