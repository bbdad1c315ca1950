package dev.depot.system;

import static dev.depot.system.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.system.fuzz.ApiCatalog;
import dev.depot.system.fuzz.ApiCatalog.Operation;
import dev.depot.system.fuzz.CaseMaker;
import dev.depot.system.fuzz.Pools;
import dev.depot.system.fuzz.RawHttp;
import dev.depot.system.fuzz.Tally;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile input against every operation of every service. The operations come from the services'
 * OpenAPI documents as the gateway serves them; each request is valid for its signed-in user except in
 * one or two places (a path or query parameter, a header, a body field, the body's framing, the
 * credentials, the HTTP itself), and most name the user's own files, folders, shares and tickets, so
 * that they reach the checks behind "not found". Every answer must be below 500, every 4xx must be the
 * error envelope, and a refused request must leave the user's data (bytes used, files, folders, trash,
 * shares, webhooks, API tokens) as it was. Another user's resources, named now and then, must come out
 * untouched. Deterministic for a seed ({@code -Dfuzz.seed}), bounded by {@code -Dfuzz.requests}.
 */
@ExtendWith(SharedSuite.class)
class FuzzIT {

    private static final long DEFAULT_SEED = 20_251_130L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MS = 20_000;

    private static Suite suite;
    private static String gateway;

    @BeforeAll
    static void start() {
        suite = SharedSuite.suite();
        gateway = suite.url("gateway");
    }

    @Test
    void everyOperationAnswersHostileInputWithoutServerErrorsUnenvelopedRefusalsOrSideEffects() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int total = Integer.getInteger("fuzz.requests", 5_000);
        int workers = Integer.getInteger("fuzz.workers", 5);
        long budgetMillis = Long.getLong("fuzz.budget-seconds", 240) * 1000;
        System.out.printf(
                "FuzzIT: seed %d (-Dfuzz.seed), %d requests (-Dfuzz.requests), %d workers%n", seed, total, workers);

        List<Operation> ops = operations();
        // Webhook deliveries and the 0x0.st proxy go to the stand-in, never to the internet.
        String hookUrl = SharedSuite.standIn().url("/hook");
        GatewayUser other = GatewayUser.register(gateway, "fzo");
        GatewayUser strangerUser = GatewayUser.register(gateway, "fzs");
        Pools stranger = seed(strangerUser, other, hookUrl);
        Map<String, String> strangerBefore = snapshots(strangerUser.token());

        List<Worker> crew = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            GatewayUser u = GatewayUser.register(gateway, "fz" + w);
            Pools own = seed(u, other, hookUrl);
            crew.add(new Worker(w, new Random(seed * 31 + w), u, own, stranger, hookUrl));
        }
        awaitReadModels(crew);
        crew.forEach(w -> System.out.println("FuzzIT: worker " + w.index + " (" + w.user.name() + "): " + w.own));

        Tally tally = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> running = new ArrayList<>();
        List<List<Operation>> orders = new ArrayList<>();
        for (Worker w : crew) {
            List<Operation> order = schedule(ops, w.random, total / workers);
            w.signInSpares((int) order.stream()
                    .filter(o -> o.path().equals("/api/auth/logout"))
                    .count());
            orders.add(order);
        }
        long started = System.currentTimeMillis();
        for (Worker w : crew) {
            running.add(pool.submit(() -> {
                w.run(orders.get(w.index), tally, started + budgetMillis);
                return null;
            }));
        }
        List<String> extra = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            try {
                running.get(w).get();
            } catch (java.util.concurrent.ExecutionException e) {
                // Whatever stopped one worker, the others' findings are still worth reporting.
                extra.add("worker " + w + " stopped: " + e.getCause());
                e.getCause().printStackTrace();
            }
        }
        pool.shutdown();
        long seconds = (System.currentTimeMillis() - started) / 1000;

        // What was refused must not have changed another user's data either.
        Map<String, String> strangerAfter = snapshots(strangerUser.token());
        strangerBefore.forEach((service, before) -> {
            if (!before.equals(strangerAfter.get(service))) {
                extra.add("another user's " + service + " data changed during the run:\n    before " + before
                        + "\n    after  " + strangerAfter.get(service));
            }
        });
        extra.addAll(leftovers());

        System.out.printf(
                "FuzzIT: seed %d: %d requests in %d s (%d s of it reading the users' data before and after)%n%s",
                seed, tally.requests(), seconds, snapshotNanos.get() / 1_000_000_000L, tally.report());
        String findings = tally.findingsReport();
        System.out.println("FuzzIT: " + findings);
        extra.forEach(e -> System.out.println("FuzzIT: " + e));

        Map<String, Integer> routes = tally.routes();
        ops.stream()
                .map(o -> o.service() + "  " + o.key())
                .filter(k -> !routes.containsKey(k))
                .forEach(k -> extra.add("never reached: " + k));
        if (tally.requests() < Math.min(total, 5_000)) {
            extra.add("only " + tally.requests() + " requests within the time budget (-Dfuzz.budget-seconds)");
        }
        if (!tally.findings().isEmpty() || !extra.isEmpty()) {
            fail("seed " + seed + " (rerun with -Dfuzz.seed=" + seed + "): " + findings + String.join("\n", extra));
        }
    }

    // --- the operations ---

    /** Every operation the services document, and the gateway's own pages. */
    private static List<Operation> operations() throws Exception {
        List<Operation> ops = new ArrayList<>();
        ApiCatalog.documents(gateway).forEach((service, doc) -> ops.addAll(ApiCatalog.operations(service, doc)));
        for (String service : List.of("auth-service", "files-service", "sharing-service", "analytics-service")) {
            assertThat(ops).as("operations of " + service).anyMatch(o -> o.service()
                    .equals(service));
        }
        List<ApiCatalog.Param> none = List.of();
        ops.add(new Operation("gateway", "GET", "/api", none, Map.of()));
        ops.add(new Operation("gateway", "GET", "/api/docs", none, Map.of()));
        ops.add(new Operation(
                "gateway",
                "GET",
                "/api/docs/{asset}",
                List.of(new ApiCatalog.Param("path", "asset", "string", true)),
                Map.of()));
        ops.add(new Operation(
                "gateway",
                "GET",
                "/api/openapi/{service}",
                List.of(new ApiCatalog.Param("path", "service", "string", true)),
                Map.of()));
        System.out.println("FuzzIT: " + ops.size() + " operations");
        return ops;
    }

    /**
     * The worker's order: rounds over every operation, each round shuffled, those that destroy what the
     * others need (deleting, emptying the trash, signing out) in the last rounds.
     */
    private static List<Operation> schedule(List<Operation> ops, Random random, int count) {
        List<Operation> keeping = ops.stream().filter(o -> !destroys(o)).toList();
        List<Operation> destroying = ops.stream().filter(FuzzIT::destroys).toList();
        int rounds = Math.max(1, (count + ops.size() - 1) / ops.size());
        List<Operation> order = new ArrayList<>();
        for (List<Operation> part : List.of(keeping, destroying)) {
            for (int i = 0; i < rounds; i++) {
                List<Operation> round = new ArrayList<>(part);
                Collections.shuffle(round, random);
                order.addAll(round);
            }
        }
        return order;
    }

    private static boolean destroys(Operation op) {
        return op.method().equals("DELETE")
                || op.path().endsWith("/empty")
                || op.path().endsWith("/logout");
    }

    // --- one user's run ---

    private final class Worker {
        final int index;
        final Random random;
        final GatewayUser user;
        final Pools own;
        final Pools stranger;
        final String hookUrl;
        final String token;
        final CaseMaker maker;
        /**
         * Other sessions of the user, each for one sign-out: a logout that succeeds ends the session of the
         * access token it came with, and signing in again in the middle of the run would meet the login
         * throttle that the fuzzed logins have provoked.
         */
        final java.util.Deque<String> spareSessions = new java.util.ArrayDeque<>();
        /** The user's data as last seen, per service; absent when a request may have changed it. */
        final Map<String, String> seen = new HashMap<>();
        /** When each of {@link #seen} was read, and when a request last changed something (System.nanoTime()). */
        final Map<String, Long> seenAt = new HashMap<>();

        long lastChange;

        Worker(int index, Random random, GatewayUser user, Pools own, Pools stranger, String hookUrl) {
            this.index = index;
            this.random = random;
            this.user = user;
            this.own = own;
            this.stranger = stranger;
            this.hookUrl = hookUrl;
            this.token = user.token();
            this.maker = makerFor(token);
        }

        CaseMaker makerFor(String accessToken) {
            return new CaseMaker(
                    new CaseMaker.Identity(user.id(), accessToken, own.first("apiTokenValue"), own, stranger, hookUrl));
        }

        void signInSpares(int count) {
            for (int i = 0; i < count; i++) {
                spareSessions.add(given().baseUri(gateway)
                        .contentType(io.restassured.http.ContentType.JSON)
                        .body(Map.of("username", user.name(), "password", "a long enough passphrase"))
                        .post("/api/auth/login")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("access_token"));
            }
        }

        void run(List<Operation> order, Tally tally, long deadline) throws Exception {
            for (Operation op : order) {
                if (System.currentTimeMillis() > deadline) {
                    System.out.println("FuzzIT: worker " + index + " stopped at the time budget");
                    return;
                }
                boolean direct = !op.service().equals("gateway") && (op.internal() || random.nextInt(4) == 0);
                String session = op.path().equals("/api/auth/logout") ? spareSessions.peek() : null;
                CaseMaker.Case c = (session == null ? maker : makerFor(session)).make(random, op, direct);
                String ledger = ledgerOf(op);
                if (ledger != null && !seen.containsKey(ledger)) {
                    String before = snapshot(ledger, token, c, tally, "before");
                    if (before == null) {
                        ledger = null;
                    } else {
                        seen.put(ledger, before);
                        seenAt.put(ledger, System.nanoTime());
                    }
                }
                int port = direct ? suite.port(op.service()) : suite.port("gateway");
                RawHttp.Answer a = RawHttp.send("127.0.0.1", port, c.request(), TIMEOUT_MS);
                tally.record(c, a);
                if (session != null && a.status() < 400) {
                    spareSessions.pop();
                }
                if (ledger == null) {
                    if (op.mutating() && a.status() < 400) {
                        lastChange = System.nanoTime();
                    }
                    continue;
                }
                if (a.status() >= 400) {
                    String before = seen.remove(ledger);
                    String after = snapshot(ledger, token, c, tally, "after");
                    if (after != null && !after.equals(before)) {
                        String changed = changedBy(c, ledger, before, after, seenAt.get(ledger), tally);
                        if (changed != null) {
                            tally.finding(c, a, "a refused request changed the user's " + ledger + " data: " + changed);
                        }
                        seen.clear();
                    } else if (after != null) {
                        seen.put(ledger, after);
                        seenAt.put(ledger, System.nanoTime());
                    }
                } else {
                    seen.clear();
                    lastChange = System.nanoTime();
                }
            }
        }

        /**
         * What the refused request changed, or null when it was not the request: what an earlier request
         * causes by event (a share revoked because its file was deleted) lands when it lands, so when
         * something changed shortly before, the request is sent again once the data is still, and counts
         * only if it changes the data again.
         */
        private String changedBy(
                CaseMaker.Case c, String ledger, String before, String after, long beforeAt, Tally tally)
                throws InterruptedException {
            long settle = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
            if (beforeAt - lastChange >= settle) {
                return difference(before, after);
            }
            Thread.sleep(Math.max(0, (lastChange + settle - System.nanoTime()) / 1_000_000));
            String still = snapshot(ledger, token, c, tally, "before the repeat of");
            int port = c.direct() ? suite.port(c.op().service()) : suite.port("gateway");
            RawHttp.Answer again = RawHttp.send("127.0.0.1", port, c.request(), TIMEOUT_MS);
            String afterAgain = snapshot(ledger, token, c, tally, "after the repeat of");
            if (still == null || afterAgain == null || again.status() < 400 || afterAgain.equals(still)) {
                return null;
            }
            return difference(still, afterAgain) + " (and again when the request was repeated)";
        }

        /** The user's data, or null (and a failure of the case next to which it happened) when it cannot be read. */
        private String snapshot(String service, String token, CaseMaker.Case c, Tally tally, String when) {
            try {
                return FuzzIT.snapshot(service, token);
            } catch (Unreadable e) {
                tally.finding(
                        c, e.answer, "reading the user's data " + when + " this request failed: " + e.getMessage());
                return null;
            }
        }
    }

    /** A read of the user's data that did not answer 200. */
    private static final class Unreadable extends RuntimeException {
        final RawHttp.Answer answer;

        Unreadable(String message, RawHttp.Answer answer) {
            super(message);
            this.answer = answer;
        }
    }

    /** Which of the user's data a request may change: null for those that change nothing of theirs. */
    private static String ledgerOf(Operation op) {
        boolean counts =
                op.mutating() || op.path().contains("/public/") || op.path().startsWith("/cdn/");
        if (!counts
                || op.service().equals("gateway")
                || op.path().startsWith("/api/auth/register")
                || op.path().startsWith("/api/auth/login")) {
            return null;
        }
        return op.service();
    }

    // --- the user's data, for before and after ---

    /** Per service, a canonical text of what the user has there (what a refused request must not change). */
    private static Map<String, String> snapshots(String token) {
        Map<String, String> s = new HashMap<>();
        for (String service : List.of("files-service", "sharing-service", "analytics-service", "auth-service")) {
            s.put(service, snapshot(service, token));
        }
        return s;
    }

    private static String snapshot(String service, String token) {
        long start = System.nanoTime();
        try {
            switch (service) {
                case "files-service": {
                    ObjectNode files = JSON.createObjectNode();
                    ObjectNode storage = (ObjectNode) read(service, token, "/api/cdn/storage/");
                    storage.remove(List.of("total_available", "percentage_used"));
                    // Set when the worker's thumbnails arrive, whenever that is.
                    storage.path("categories").forEach(c -> ((ObjectNode) c).remove("last_update"));
                    files.set("storage", storage);
                    files.set(
                            "folders",
                            read(service, token, "/api/cdn/folders/?page_size=1")
                                    .path("count"));
                    files.set(
                            "starred",
                            JSON.getNodeFactory()
                                    .numberNode(read(service, token, "/api/cdn/files/starred/")
                                            .size()));
                    return files.toString();
                }
                case "sharing-service":
                    // What a request changes; updated_at also moves when events about the resource arrive.
                    return results(
                                    service,
                                    token,
                                    "/api/cdn/shares/?page_size=100",
                                    "id",
                                    "permission_level",
                                    "is_public",
                                    "expires_at",
                                    "allow_download",
                                    "download_limit",
                                    "download_count",
                                    "has_password",
                                    "shared_with_user")
                            .toString();
                case "analytics-service":
                    return results(
                                    service,
                                    token,
                                    "/api/cdn/webhooks/?page_size=100",
                                    "id",
                                    "url",
                                    "event_types",
                                    "description")
                            .toString();
                case "auth-service":
                    return results(service, token, "/api/auth/tokens/?page_size=100", "id", "name", "expires_at")
                            .toString();
                default:
                    throw new IllegalArgumentException(service);
            }
        } finally {
            snapshotNanos.addAndGet(System.nanoTime() - start);
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong snapshotNanos =
            new java.util.concurrent.atomic.AtomicLong();

    /** The listed fields of each result. */
    private static ArrayNode results(String service, String token, String path, String... kept) {
        ArrayNode results = (ArrayNode) read(service, token, path).path("results");
        results.forEach(r -> ((ObjectNode) r).retain(kept));
        return results;
    }

    /** A GET as the user, straight to the service that owns the data (done thousands of times: the shortest way). */
    private static JsonNode read(String service, String token, String path) {
        RawHttp.Request get = new RawHttp.Request("GET", path).header("Authorization", "Bearer " + token);
        RawHttp.Answer a = RawHttp.send("127.0.0.1", suite.port(service), get, TIMEOUT_MS);
        if (a.status() != 200) {
            throw new Unreadable(
                    "GET " + path + " answered " + a.status()
                            + (a.failure() != null ? " (" + a.failure() + ")" : " " + RawHttp.printable(a.text(), 200)),
                    a);
        }
        try {
            return JSON.readTree(a.body());
        } catch (IOException e) {
            throw new IllegalStateException(path + " did not answer JSON", e);
        }
    }

    private static String difference(String before, String after) {
        int i = 0;
        while (i < before.length() && i < after.length() && before.charAt(i) == after.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 60);
        return "before ..." + before.substring(from, Math.min(before.length(), i + 100)) + "... after ..."
                + after.substring(from, Math.min(after.length(), i + 100)) + "...";
    }

    /** Temporary files of uploads that were refused or ended: none may stay behind (open tus uploads excepted). */
    private static List<String> leftovers() throws Exception {
        Path tmp = suite.dataDir().resolve("blobs").resolve("tmp");
        List<String> left = new ArrayList<>();
        for (int attempt = 0; attempt < 20; attempt++) {
            left.clear();
            if (Files.isDirectory(tmp)) {
                try (Stream<Path> walk = Files.walk(tmp)) {
                    walk.filter(Files::isRegularFile)
                            .map(p -> tmp.relativize(p).toString())
                            .filter(name -> !name.startsWith("tus-"))
                            .forEach(left::add);
                }
            }
            if (left.isEmpty()) {
                return List.of();
            }
            Thread.sleep(250);
        }
        return List.of(left.size() + " temporary files stayed in " + tmp + " after the run, such as "
                + left.subList(0, Math.min(5, left.size())));
    }

    // --- what each user has before the run ---

    /** Folders, files (one with two versions), trash, links of each kind, a user share, tickets, a webhook, an API token, tus uploads. */
    private static Pools seed(GatewayUser u, GatewayUser other, String hookUrl) throws IOException {
        Pools p = new Pools();
        p.add("otherName", other.name()).add("otherEmail", other.email());
        String a = mkdir(u, "fz-a", null);
        String b = mkdir(u, "fz-b", null);
        String c = mkdir(u, "fz-c", a);
        String drop = mkdir(u, "fz-drop", null);
        p.add("folder", a).add("folder", b).add("folder", c).add("folder", drop);
        String f1 = upload(u, null, "alpha.txt", "alpha content".getBytes(StandardCharsets.UTF_8), "text/plain");
        String f2 = upload(u, a, "beta.txt", "beta content".getBytes(StandardCharsets.UTF_8), "text/plain");
        String f3 = upload(u, b, "gamma.png", png(), "image/png");
        String f4 = upload(u, c, "delta.txt", "delta content".getBytes(StandardCharsets.UTF_8), "text/plain");
        p.add("file", f1).add("file", f2).add("file", f3).add("file", f4);
        given().baseUri(gateway)
                .auth()
                .oauth2(u.token())
                .multiPart("file", "alpha.txt", "alpha, second version".getBytes(StandardCharsets.UTF_8), "text/plain")
                .put("/api/cdn/files/" + f1 + "/content")
                .then()
                .statusCode(200);

        String trashedFile = upload(u, null, "gone.txt", "gone".getBytes(StandardCharsets.UTF_8), "text/plain");
        u.api().delete("/api/cdn/files/" + trashedFile + "/").then().statusCode(200);
        String trashedFolder = mkdir(u, "fz-gone", null);
        u.api().delete("/api/cdn/folders/" + trashedFolder + "/").then().statusCode(200);
        p.add("trashed", trashedFile).add("trashed", trashedFolder);

        Response open = u.share(Map.of("resource_type", "file", "resource_id", f1));
        Response limited = u.share(Map.of("resource_type", "file", "resource_id", f2, "download_limit", 100_000));
        Response dropLink = u.share(Map.of(
                "resource_type",
                "folder",
                "resource_id",
                drop,
                "permission_level",
                "upload",
                "download_limit",
                100_000));
        Response folderLink = u.share(Map.of("resource_type", "folder", "resource_id", b));
        Response userShare = u.share(Map.of(
                "resource_type",
                "folder",
                "resource_id",
                a,
                "shared_with_user",
                other.name(),
                "permission_level",
                "view"));
        for (Response s : List.of(open, limited, dropLink, folderLink, userShare)) {
            p.add("share", s.path("id"));
        }
        p.add("link", open.path("public_token") + "|" + f1)
                .add("link", limited.path("public_token") + "|" + f2)
                .add("link", dropLink.path("public_token") + "|")
                .add("link", folderLink.path("public_token") + "|" + f3);
        for (Response s : List.of(open, limited, dropLink, folderLink)) {
            p.add("publicToken", s.path("public_token"));
        }
        for (int i = 0; i < 3; i++) {
            String location = given().baseUri(gateway)
                    .redirects()
                    .follow(false)
                    .get("/api/cdn/shares/public/" + limited.path("public_token") + "/files/" + f2 + "/download/")
                    .then()
                    .statusCode(302)
                    .extract()
                    .header("Location");
            p.add("transferTicket", after(location, "/cdn/t/"));
            String uploadUrl = given().baseUri(gateway)
                    .post("/api/cdn/shares/public/" + dropLink.path("public_token") + "/uploads/")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("upload_url");
            p.add("dropTicket", after(uploadUrl, "/cdn/drop/"));
        }
        for (String f : List.of(f1, f3)) {
            String url = u.api()
                    .get("/api/cdn/files/" + f + "/download/")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("download_url");
            String path = after(url, "/cdn/");
            String[] idName = path.substring(0, path.indexOf('?')).split("/", 2);
            Map<String, String> q = new HashMap<>();
            for (String kv : path.substring(path.indexOf('?') + 1).split("&")) {
                q.put(
                        kv.substring(0, kv.indexOf('=')),
                        java.net.URLDecoder.decode(kv.substring(kv.indexOf('=') + 1), StandardCharsets.UTF_8));
            }
            p.add(
                    "signed",
                    idName[0] + "|" + java.net.URLDecoder.decode(idName[1], StandardCharsets.UTF_8) + "|" + q.get("exp")
                            + "|" + q.get("sig"));
        }

        p.add(
                "webhook",
                u.api()
                        .body(Map.of("url", hookUrl, "event_types", List.of("file.uploaded")))
                        .post("/api/cdn/webhooks/")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
        Response token = u.api().body(Map.of("name", "fuzz")).post("/api/auth/tokens/");
        token.then().statusCode(201);
        p.add("apiToken", token.path("id")).add("apiTokenValue", token.path("token"));
        for (int i = 0; i < 3; i++) {
            String location = given().baseUri(gateway)
                    .auth()
                    .oauth2(u.token())
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Length", "10")
                    .post("/api/cdn/uploads/")
                    .then()
                    .statusCode(201)
                    .extract()
                    .header("Location");
            p.add("tus", location.substring(location.lastIndexOf('/') + 1));
        }
        return p;
    }

    /** Activity entries and processing jobs arrive by event: waits until each user has some, to name them. */
    private static void awaitReadModels(List<Worker> crew) {
        for (Worker w : crew) {
            try {
                awaitReadModels(w);
            } catch (AssertionError e) {
                System.out.println("FuzzIT: worker " + w.index + "'s activity or processing jobs did not arrive; "
                        + "their {id} routes get made-up ids: " + e.getMessage());
            }
        }
    }

    private static void awaitReadModels(Worker w) {
        eventually(() -> {
            List<String> ids = w.user.api()
                    .get("/api/cdn/activity/?page_size=5")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("results.id");
            assertThat(ids).isNotEmpty();
            if (w.own.all("activity").isEmpty()) {
                ids.forEach(id -> w.own.add("activity", id));
            }
        });
        eventually(() -> {
            List<String> ids = w.user.api()
                    .get("/api/cdn/processing/?page_size=5")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("results.id");
            assertThat(ids).isNotEmpty();
            if (w.own.all("job").isEmpty()) {
                ids.forEach(id -> w.own.add("job", id));
            }
        });
    }

    private static String after(String url, String marker) {
        String rest = url.substring(url.indexOf(marker) + marker.length());
        return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    }

    private static String mkdir(GatewayUser owner, String name, String parent) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parent", parent);
        return owner.api()
                .body(body)
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String upload(GatewayUser owner, String folderId, String name, byte[] content, String type) {
        var request = given().baseUri(gateway).auth().oauth2(owner.token()).multiPart("file", name, content, type);
        if (folderId != null) {
            request.multiPart("folder_id", folderId);
        }
        return request.post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
