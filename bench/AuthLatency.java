import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Login and refresh latency through the gateway, one request at a time (the user's view).
 * Run by bench/auth-latency.sh against a suite started with ./depot up.
 */
public class AuthLatency {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern REFRESH = Pattern.compile("\"refresh_token\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        String name = "bench" + UUID.randomUUID().toString().substring(0, 8);
        String password = "a long enough passphrase";
        String registered = post(base + "/api/auth/register", "{\"email\":\"" + name + "@example.com\",\"username\":\""
                + name + "\",\"password\":\"" + password + "\"}", 201);
        String login = "{\"login\":\"" + name + "\",\"password\":\"" + password + "\"}";

        for (int i = 0; i < 30; i++) {
            post(base + "/api/auth/login", login, 200);
        }
        List<Double> logins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            post(base + "/api/auth/login", login, 200);
            logins.add((System.nanoTime() - t) / 1e6);
        }

        String refresh = refreshToken(registered);
        for (int i = 0; i < 30; i++) {
            refresh = refreshToken(post(base + "/api/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}", 200));
        }
        List<Double> refreshes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            String body = post(base + "/api/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}", 200);
            refreshes.add((System.nanoTime() - t) / 1e6);
            refresh = refreshToken(body);
        }
        System.out.printf("requests per operation: %d, sequential, through %s%n", n, base);
        report("login   (bcrypt cost 10)", logins);
        report("refresh (rotation)      ", refreshes);
    }

    private static void report(String what, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf("%s  p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n", what,
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String refreshToken(String body) {
        Matcher m = REFRESH.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no refresh_token in " + body);
        }
        return m.group(1);
    }

    private static String post(String url, String json, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
