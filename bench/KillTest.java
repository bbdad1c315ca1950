import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The client side of the kill test (bench/kill-test.sh): CLIENTS users work against the gateways for
 * SECONDS while the script kills replicas, then everything they stored is checked.
 *
 * Each client, in a loop: uploads a 100 KB file, now and then a 50 MB one or a PNG (which the worker
 * thumbnails), downloads what it uploaded by signed URL and checks its SHA-256, lists its files, sends a
 * resumable (tus) upload in two PATCHes (resuming from HEAD's offset when one fails, as tus clients do),
 * and downloads a file through a public link.
 *
 * As a client behind a load balancer would, requests alternate between the gateways. A request that
 * fails is retried once, when HTTP allows: any request whose connection was refused (nothing was sent),
 * idempotent ones (GET, HEAD, PUT, DELETE, and a POST with an Idempotency-Key: making a public link) after
 * a 502, 503, 504 or a broken connection, and uploads too, since equal bytes are stored once: a retried
 * upload whose first attempt did land answers 409 with the existing file's id, which counts as success.
 * Counted: requests, those that needed their retry, and those that failed after it (the target: none).
 *
 * Afterwards, for every user: each uploaded file is listed exactly once, and no file that was not
 * uploaded; each downloads with its SHA-256; each upload has exactly one activity entry; each PNG has
 * exactly one thumbnail job, completed, and a thumbnail.
 *
 * java bench/KillTest.java SECONDS CLIENTS GATEWAY_URL[,GATEWAY_URL...] [STOP_FILE]
 * (the load ends after SECONDS, or as soon as STOP_FILE exists)
 */
public class KillTest {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    static List<URI> gateways;
    static final AtomicLong requests = new AtomicLong();
    static final AtomicLong retried = new AtomicLong();
    static final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    static final AtomicLong turn = new AtomicLong();
    static java.nio.file.Path stopFile;
    /** Gateways that refused a connection, until when they are passed over (as a load balancer would). */
    static final Map<URI, Long> down = new ConcurrentHashMap<>();

    /**
     * The next gateway in turn that is not {@code avoid} and has not refused a connection lately; failing
     * that, any but {@code avoid}. (One turn per call: other threads take turns meanwhile.)
     */
    static URI nextGateway(URI avoid) {
        long base = turn.getAndIncrement();
        URI fallback = null;
        for (int i = 0; i < gateways.size(); i++) {
            URI g = gateways.get((int) ((base + i) % gateways.size()));
            if (g.equals(avoid)) {
                continue;
            }
            Long until = down.get(g);
            if (until == null || until - System.nanoTime() < 0) {
                return g;
            }
            if (fallback == null) {
                fallback = g;
            }
        }
        return fallback != null ? fallback : gateways.get((int) (base % gateways.size()));
    }

    static boolean goOn(long deadline) {
        return System.nanoTime() < deadline && (stopFile == null || !java.nio.file.Files.exists(stopFile));
    }

    record Stored(String id, String name, String sha256, boolean image) {}

    record User(String token, List<Stored> files) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: KillTest SECONDS CLIENTS GATEWAY_URL[,GATEWAY_URL...] [STOP_FILE]");
            System.exit(2);
        }
        long seconds = Long.parseLong(args[0]);
        int clients = Integer.parseInt(args[1]);
        gateways = java.util.Arrays.stream(args[2].split(",")).map(URI::create).toList();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        stopFile = args.length == 4 ? java.nio.file.Path.of(args[3]) : null;

        List<User> users = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            users.add(new User(register(), java.util.Collections.synchronizedList(new ArrayList<>())));
        }
        started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            User user = users.get(c);
            int n = c;
            Thread t = new Thread(() -> work(user, n, deadline), "client-" + c);
            t.start();
            threads.add(t);
        }
        // Every user registered, the load under way: the script may start killing.
        System.out.println("load: started, " + clients + " clients");
        for (Thread t : threads) {
            t.join();
        }
        long during = requests.get();
        System.out.printf(
                "load: %d requests, %d needed their one retry, %d failed after it%n",
                during, retried.get(), failures.size());
        failures.forEach(f -> System.out.println("  failed: " + f));

        int problems = 0;
        for (User u : users) {
            problems += verify(u);
        }
        int files = users.stream().mapToInt(u -> u.files().size()).sum();
        System.out.printf("check: %d files of %d users; %d problems%n", files, users.size(), problems);
        System.out.printf("RESULT requests=%d retried=%d failed=%d files=%d problems=%d%n",
                during, retried.get(), failures.size(), files, problems);
        System.exit(failures.isEmpty() && problems == 0 ? 0 : 1);
    }

    // ---------------------------------------------------------------------------------------------
    // The load

    static void work(User user, int client, long deadline) {
        Random random = new Random(client);
        byte[] large = new byte[50 << 20];
        random.nextBytes(large);
        for (int round = 0; goOn(deadline); round++) {
            String tag = "c" + client + "-" + round;
            try {
                Stored small = upload(user, tag + ".bin", randomBytes(random, 100 << 10), false);
                if (round % 8 == 3) {
                    // Another 50 MB each time: the first 8 bytes make it new.
                    java.nio.ByteBuffer.wrap(large).putLong(random.nextLong());
                    upload(user, tag + "-large.bin", large, false);
                }
                if (round % 3 == 1) {
                    upload(user, tag + ".png", png(random), true);
                }
                downloadChecked(user, small);
                call(user, "GET", "/api/cdn/files/?page_size=50", null, null, 200);
                resumable(user, tag + "-tus.bin", randomBytes(random, 300 << 10));
                if (round % 2 == 0) {
                    publicDownload(user, small);
                }
            } catch (Failed e) {
                // Counted where it happened; go on with the next round.
            }
        }
    }

    static Stored upload(User user, String name, byte[] bytes, boolean image) {
        String boundary = "----kill" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(bytes.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = call(
                user,
                "POST",
                "/api/cdn/files/upload/",
                HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
                "multipart/form-data; boundary=" + boundary,
                201,
                409);
        String id = r.statusCode() == 201 ? field(r.body(), "\"file\":\\{\"id\":\"([^\"]+)\"") : null;
        if (id == null) {
            // A retried upload whose first attempt landed: equal bytes are stored once.
            id = field(r.body(), "\"existing_file_id\":\"([^\"]+)\"");
        }
        if (id == null) {
            throw fail("upload " + name + ": " + r.statusCode() + " " + r.body());
        }
        Stored s = new Stored(id, name, sha256(bytes), image);
        user.files().add(s);
        return s;
    }

    static void downloadChecked(User user, Stored file) {
        HttpResponse<String> link = call(user, "GET", "/api/cdn/files/" + file.id() + "/download/", null, null, 200);
        String url = field(link.body(), "\"download_url\":\"([^\"]+)\"");
        checkBytes("download of " + file.name(), url, file.sha256());
    }

    static void publicDownload(User user, Stored file) {
        // With an Idempotency-Key, sending it again cannot make a second link: it may be retried as a PUT is.
        HttpResponse<String> share = call(
                user,
                "POST",
                "/api/cdn/shares/",
                json("{\"resource_type\":\"file\",\"resource_id\":\"" + file.id()
                        + "\",\"is_public\":true,\"permission_level\":\"download\"}"),
                "application/json",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()),
                201);
        String token = field(share.body(), "\"public_token\":\"([^\"]+)\"");
        HttpResponse<String> r = call(
                null, "GET", "/api/cdn/shares/public/" + token + "/files/" + file.id() + "/download/", null, null, 302);
        String location = r.headers().firstValue("Location").orElseThrow(() -> fail("public link: no Location"));
        checkBytes("public link download of " + file.name(), location, file.sha256());
    }

    /** tus: create, send the first half, then the rest; a PATCH that fails is resumed from HEAD's offset. */
    static void resumable(User user, String name, byte[] bytes) {
        String metadata = "filename " + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = call(user, "POST", "/api/cdn/uploads/", HttpRequest.BodyPublishers.noBody(),
                null, Map.of("Upload-Length", String.valueOf(bytes.length), "Upload-Metadata", metadata), 201);
        String location = created.headers().firstValue("Location").orElseThrow(() -> fail("tus: no Location"));
        String path = URI.create(location).getPath();
        long offset = 0;
        String fileId = null;
        int resumes = 0;
        while (offset < bytes.length) {
            int end = (int) Math.min(bytes.length, offset == 0 ? bytes.length / 2 : bytes.length);
            HttpResponse<String> r = send(user, "PATCH", path,
                    HttpRequest.BodyPublishers.ofByteArray(bytes, (int) offset, (int) (end - offset)),
                    "application/offset+octet-stream", Map.of("Upload-Offset", String.valueOf(offset)));
            if (r != null && r.statusCode() == 204) {
                offset = Long.parseLong(r.headers().firstValue("Upload-Offset").orElse("0"));
                fileId = r.headers().firstValue("Depot-File-Id").orElse(fileId);
                continue;
            }
            // What a tus client does: ask where the upload stands and go on from there, a few times.
            if (++resumes > 3) {
                throw fail("tus " + name + ": PATCH " + (r == null ? "unreachable" : r.statusCode() + " " + r.body()));
            }
            retried.incrementAndGet();
            HttpResponse<String> head = call(user, "HEAD", path, null, null, 200, 204);
            offset = Long.parseLong(head.headers().firstValue("Upload-Offset").orElse("0"));
            // Complete already: the PATCH that finished it went unanswered.
            fileId = head.headers().firstValue("Depot-File-Id").orElse(fileId);
        }
        if (fileId == null) {
            // All bytes came but the completion was not seen: an empty PATCH at the length finishes it.
            HttpResponse<String> done = call(user, "PATCH", path, HttpRequest.BodyPublishers.noBody(),
                    "application/offset+octet-stream", Map.of("Upload-Offset", String.valueOf(bytes.length)), 204);
            fileId = done.headers().firstValue("Depot-File-Id").orElse(null);
        }
        if (fileId == null) {
            throw fail("tus " + name + ": complete, but no Depot-File-Id");
        }
        user.files().add(new Stored(fileId, name, sha256(bytes), false));
    }

    // ---------------------------------------------------------------------------------------------
    // The check

    static int verify(User user) throws Exception {
        int problems = 0;
        Map<String, Integer> listed = new ConcurrentHashMap<>();
        String next = "/api/cdn/files/?page_size=100";
        while (next != null) {
            HttpResponse<String> page = call(user, "GET", next, null, null, 200);
            Matcher m = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\",\"filename\"").matcher(page.body());
            while (m.find()) {
                listed.merge(m.group(1), 1, Integer::sum);
            }
            String n = field(page.body(), "\"next\":\"([^\"]+)\"");
            next = n == null ? null : URI.create(n).getRawPath() + "?" + URI.create(n).getRawQuery();
        }
        java.util.Set<String> uploaded = new java.util.HashSet<>();
        for (Stored f : user.files()) {
            if (!uploaded.add(f.id())) {
                continue; // the same file answered twice (a retried upload): one file, as it should be
            }
            if (listed.getOrDefault(f.id(), 0) != 1) {
                problems += report("%s (%s) listed %d times", f.name(), f.id(), listed.getOrDefault(f.id(), 0));
            }
            try {
                downloadChecked(user, f);
            } catch (Failed e) {
                problems++;
            }
            HttpResponse<String> activity = call(user, "GET",
                    "/api/cdn/activity/?action=file.uploaded&resource_id=" + f.id(), null, null, 200);
            String count = field(activity.body(), "\"count\":(\\d+)");
            if (!"1".equals(count)) {
                problems += report("%s: %s upload activity entries, not 1", f.name(), count);
            }
            if (f.image()) {
                problems += thumbnailed(user, f);
            }
        }
        for (String id : listed.keySet()) {
            if (!uploaded.contains(id)) {
                problems += report("listed but never uploaded: %s", id);
            }
        }
        return problems;
    }

    /** Exactly one thumbnail job for the PNG, completed (waiting up to a minute), and its thumbnail served. */
    static int thumbnailed(User user, Stored f) throws InterruptedException {
        long until = System.nanoTime() + 60_000_000_000L;
        while (true) {
            HttpResponse<String> jobs = call(user, "GET", "/api/cdn/processing/?file_id=" + f.id(), null, null, 200);
            String count = field(jobs.body(), "\"count\":(\\d+)");
            boolean done = jobs.body().contains("\"completed\"");
            if ("1".equals(count) && done) {
                HttpResponse<String> thumb = call(user, "GET", "/api/cdn/files/" + f.id() + "/thumbnail/", null, null,
                        200, 404);
                return thumb.statusCode() == 200 ? 0 : report("%s: job completed, but no thumbnail", f.name());
            }
            if (count != null && Integer.parseInt(count) > 1) {
                return report("%s: %s thumbnail jobs, not 1", f.name(), count);
            }
            if (System.nanoTime() > until) {
                return report("%s: no completed thumbnail job within a minute (%s)", f.name(), jobs.body());
            }
            Thread.sleep(1000);
        }
    }

    static int report(String format, Object... args) {
        System.out.println("  problem: " + String.format(format, args));
        return 1;
    }

    // ---------------------------------------------------------------------------------------------
    // HTTP, with the one retry

    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    /** When the load started: failures are reported at the same times as the script's kills. */
    static volatile long started = System.nanoTime();

    static Failed fail(String what) {
        failures.add("at " + (System.nanoTime() - started) / 1_000_000_000 + " s: " + what);
        return new Failed(what);
    }

    static HttpResponse<String> call(
            User user, String method, String path, HttpRequest.BodyPublisher body, String type, int... expected) {
        return call(user, method, path, body, type, Map.of(), expected);
    }

    /** A request answered with one of {@code expected}, after at most one retry (see the class comment). */
    static HttpResponse<String> call(
            User user,
            String method,
            String path,
            HttpRequest.BodyPublisher body,
            String type,
            Map<String, String> headers,
            int... expected) {
        boolean idempotent =
                (!method.equals("POST") && !method.equals("PATCH")) || headers.containsKey("Idempotency-Key");
        boolean upload = path.startsWith("/api/cdn/files/upload/");
        String last = null;
        URI failed = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            if (attempt == 1) {
                retried.incrementAndGet();
            }
            // A retry goes to another gateway than the attempt that failed, as a load balancer's would.
            URI gateway = nextGateway(failed);
            failed = gateway;
            try {
                HttpResponse<String> r = exchange(gateway, user, method, path, body, type, headers);
                for (int e : expected) {
                    if (r.statusCode() == e) {
                        return r;
                    }
                }
                last = (last == null ? "" : last + "; then ") + gateway + ": " + r.statusCode() + " " + r.body();
                boolean unavailable = r.statusCode() == 502 || r.statusCode() == 503 || r.statusCode() == 504;
                if (!(unavailable && (idempotent || upload || r.statusCode() == 503))) {
                    break;
                }
            } catch (ConnectException refused) {
                last = (last == null ? "" : last + "; then ") + gateway + ": " + describe(refused); // nothing sent: may go again
            } catch (IOException broken) {
                last = (last == null ? "" : last + "; then ") + gateway + ": " + describe(broken);
                if (!idempotent && !upload) {
                    break;
                }
            }
        }
        throw fail(method + " " + path + ": " + last);
    }

    /** An exception with its causes, for the report. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return b.toString();
    }

    /** One attempt, with no retry: null when no answer came. */
    static HttpResponse<String> send(
            User user, String method, String path, HttpRequest.BodyPublisher body, String type,
            Map<String, String> headers) {
        try {
            return exchange(nextGateway(null), user, method, path, body, type, headers);
        } catch (IOException e) {
            return null;
        }
    }

    static HttpResponse<String> exchange(
            URI gateway, User user, String method, String path, HttpRequest.BodyPublisher body, String type,
            Map<String, String> headers) throws IOException {
        requests.incrementAndGet();
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body)
                .header("Tus-Resumable", "1.0.0");
        if (user != null) {
            b.header("Authorization", "Bearer " + user.token());
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException refused) {
            down.put(gateway, System.nanoTime() + 5_000_000_000L);
            throw refused;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** GETs {@code path} (a retry from another gateway) and compares the bytes' SHA-256. */
    static void checkBytes(String what, String path, String sha256) {
        URI failed = null;
        String last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            URI gateway = nextGateway(failed);
            failed = gateway;
            try {
                requests.incrementAndGet();
                HttpResponse<byte[]> r = HTTP.send(
                        HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(120)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    if (!sha256(r.body()).equals(sha256)) {
                        throw fail(what + ": other bytes than were uploaded");
                    }
                    return;
                }
                if (r.statusCode() != 502 && r.statusCode() != 503 && r.statusCode() != 504) {
                    throw fail(what + ": " + r.statusCode());
                }
                last = (last == null ? "" : last + "; then ") + gateway + ": " + r.statusCode() + " "
                        + new String(r.body(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                last = (last == null ? "" : last + "; then ") + gateway + ": " + describe(e); // a GET: go again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(what + ": interrupted");
            }
            if (attempt == 0) {
                retried.incrementAndGet();
            }
        }
        throw fail(what + ": no answer after a retry (" + last + ")");
    }

    static String register() throws Exception {
        String name = "kill" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = call(null, "POST", "/api/auth/register",
                json("{\"email\":\"" + name + "@example.com\",\"username\":\"" + name
                        + "\",\"password\":\"a long enough passphrase\"}"),
                "application/json", 201, 200);
        return field(r.body(), "\"access_token\":\"([^\"]+)\"");
    }

    // ---------------------------------------------------------------------------------------------

    static HttpRequest.BodyPublisher json(String s) {
        return HttpRequest.BodyPublishers.ofString(s);
    }

    static String field(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        return m.find() ? m.group(1) : null;
    }

    static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static byte[] png(Random random) {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
