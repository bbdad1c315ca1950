import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lag from an upload's answer to its entry in the activity log: upload a small file, then ask
 * /api/cdn/activity/ every 10 ms until the file.uploaded entry is there (outbox relay, Kafka,
 * analytics-service's consumer and its transaction, all included).
 *
 * java bench/ActivityLag.java GATEWAY TOKEN COUNT
 */
public class ActivityLag {

    public static void main(String[] args) throws Exception {
        String gw = args[0];
        String token = args[1];
        int count = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Pattern id = Pattern.compile("\"file\":\\{\"id\":\"([0-9a-f-]{36})\"");
        List<Double> lags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String boundary = "lag" + UUID.randomUUID();
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lag-" + i
                    + "-" + UUID.randomUUID() + ".txt\"\r\nContent-Type: text/plain\r\n\r\n" + UUID.randomUUID()
                    + "\r\n--" + boundary + "--\r\n";
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(gw + "/api/cdn/files/upload/"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            Matcher m = id.matcher(up.body());
            if (up.statusCode() != 201 || !m.find()) {
                throw new IllegalStateException("upload answered " + up.statusCode() + ": " + up.body());
            }
            HttpRequest poll = HttpRequest.newBuilder(URI.create(gw + "/api/cdn/activity/?action=file.uploaded&resource_id="
                    + m.group(1))).header("Authorization", "Bearer " + token).build();
            while (!http.send(poll, HttpResponse.BodyHandlers.ofString()).body().contains("\"count\":1")) {
                Thread.sleep(10);
            }
            lags.add((System.nanoTime() - answered) / 1e6);
        }
        Collections.sort(lags);
        System.out.printf("upload->activity  %d uploads  p50 %6.0f ms  p99 %6.0f ms  max %6.0f ms%n", count,
                lags.get(lags.size() / 2), lags.get((int) Math.ceil(0.99 * lags.size()) - 1), lags.get(lags.size() - 1));
    }
}
