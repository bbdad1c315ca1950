import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Uploads photos through the gateway and watches depot.processing for their results.
 *
 *   upload  GATEWAY TOKEN DIR FILE_IDS_OUT          uploads every *.jpg (while the worker is stopped)
 *   drain   KAFKA FILE_IDS                          after the worker starts: thumbnails per second,
 *                                                   first processing.started to last completed
 *   latency GATEWAY TOKEN DIR KAFKA RATE            uploads at RATE/s, prints upload-to-thumbnail p50/p99
 *                                                   (from the upload request to the result event)
 *
 * Run with kafka-clients on the class path (libs/kafka-broker/target/lib).
 */
public class ThumbnailBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Pattern ID = Pattern.compile("\"file\":\\{\"id\":\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "upload" -> {
                List<String> ids = new ArrayList<>();
                for (Path p : photos(args[3])) {
                    ids.add(upload(args[1], args[2], p));
                }
                Files.write(Path.of(args[4]), ids);
            }
            case "drain" -> drain(args[1], Files.readAllLines(Path.of(args[2])));
            case "latency" -> latency(args[1], args[2], args[3], args[4], Double.parseDouble(args[5]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void drain(String kafka, List<String> ids) {
        Map<String, Instant> started = new HashMap<>();
        Map<String, Instant> done = new HashMap<>();
        int failed = 0;
        try (KafkaConsumer<String, String> consumer = consumer(kafka, false)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (done.size() < ids.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!ids.contains(r.key())) {
                        continue;
                    }
                    Instant at = time(r.value());
                    if (r.value().contains("\"processing.started\"")) {
                        started.putIfAbsent(r.key(), at);
                    } else if (!done.containsKey(r.key())) {
                        done.put(r.key(), at);
                        failed += r.value().contains("\"processing.failed\"") ? 1 : 0;
                    }
                }
            }
        }
        Instant first = Collections.min(started.values());
        Instant last = Collections.max(done.values());
        double seconds = Duration.between(first, last).toMillis() / 1000.0;
        System.out.printf("depot worker     %4d photos in %6.1f s  %6.1f thumbnails/s  (each job also makes the 1024 px preview; %d failed)%n",
                done.size(), seconds, done.size() / seconds, failed);
    }

    static void latency(String gateway, String token, String dir, String kafka, double rate) throws Exception {
        Map<String, Instant> uploaded = new HashMap<>();
        Map<String, Instant> finished = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(kafka, true)) {
            List<Path> photos = photos(dir);
            long interval = (long) (1e9 / rate);
            long start = System.nanoTime();
            for (int i = 0; i < photos.size(); i++) {
                long wait = start + i * interval - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000);
                }
                Instant before = Instant.now();
                uploaded.put(upload(gateway, token, photos.get(i)), before);
                collect(consumer, finished, Duration.ofMillis(1));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!finished.keySet().containsAll(uploaded.keySet()) && System.nanoTime() < deadline) {
                collect(consumer, finished, Duration.ofMillis(200));
            }
        }
        List<Double> latencies = new ArrayList<>();
        uploaded.forEach((id, sent) -> {
            if (finished.containsKey(id)) {
                latencies.add((double) Duration.between(sent, finished.get(id)).toMillis());
            }
        });
        Collections.sort(latencies);
        System.out.printf("upload->thumbnail %3d photos at %.1f/s  p50 %7.0f ms  p99 %7.0f ms  max %7.0f ms  (no result: %d)%n",
                latencies.size(), rate, pct(latencies, 50), pct(latencies, 99), latencies.get(latencies.size() - 1),
                uploaded.size() - latencies.size());
    }

    /** When each file's result (processing.completed or failed) was published. */
    static void collect(KafkaConsumer<String, String> consumer, Map<String, Instant> finished, Duration wait) {
        for (ConsumerRecord<String, String> r : consumer.poll(wait)) {
            if (!r.value().contains("\"processing.started\"")) {
                finished.putIfAbsent(r.key(), time(r.value()));
            }
        }
    }

    static String upload(String gateway, String token, Path photo) throws Exception {
        String boundary = "bench" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + photo.getFileName() + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/cdn/files/upload/"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(photo), tail))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher m = ID.matcher(response.body());
        if (response.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("upload of " + photo + " answered " + response.statusCode() + ": " + response.body());
        }
        return m.group(1);
    }

    static KafkaConsumer<String, String> consumer(String kafka, boolean fromEnd) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.put("group.id", "bench-" + UUID.randomUUID());
        p.put("enable.auto.commit", "false");
        p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        List<TopicPartition> parts = c.partitionsFor("depot.processing").stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        c.assign(parts);
        if (fromEnd) {
            c.seekToEnd(parts);
            parts.forEach(c::position);
        } else {
            c.seekToBeginning(parts);
        }
        return c;
    }

    static Instant time(String json) {
        Matcher m = Pattern.compile("\"time\":\"([^\"]+)\"").matcher(json);
        m.find();
        return OffsetDateTime.parse(m.group(1)).toInstant();
    }

    static List<Path> photos(String dir) throws Exception {
        try (var s = Files.list(Path.of(dir))) {
            return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
    }

    static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
