package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests that collide on one owner's folder tree: crossing moves, rings of moves, renames at
 * several depths at once. Afterwards the tree has no cycle and every stored path is the one its
 * parents spell, as the consistency check (the same one ./depot doctor runs) verifies.
 */
@QuarkusTest
class TreeRacesTest {

    static final int ROUNDS = 50;

    static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(20);
    }

    @AfterAll
    static void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void crossingMovesNeverMakeACycle() throws Exception {
        Drive d = new Drive();
        int bothMoved = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String a = d.folder("a" + round, null);
            String b = d.folder("b" + round, null);
            List<Integer> statuses = together(() -> move(d, a, b), () -> move(d, b, a));
            if (statuses.stream().allMatch(s -> s == 200)) {
                bothMoved++;
            }
            assertThat(statuses).containsAnyOf(200).allMatch(s -> s == 200 || s == 400);
        }
        assertThat(bothMoved).as("rounds in which A went into B and B into A").isZero();
        assertConsistent();
    }

    @Test
    void aRingOfThreeMovesLeavesAtLeastOneOutside() throws Exception {
        Drive d = new Drive();
        for (int round = 0; round < ROUNDS; round++) {
            String a = d.folder("ra" + round, null);
            String b = d.folder("rb" + round, null);
            String c = d.folder("rc" + round, null);
            List<Integer> statuses = together(() -> move(d, a, b), () -> move(d, b, c), () -> move(d, c, a));
            assertThat(statuses.stream().filter(s -> s == 200).count())
                    .as("moves that succeeded in a ring of three")
                    .isBetween(1L, 2L);
        }
        assertConsistent();
    }

    @Test
    void concurrentRenamesAtSeveralDepthsKeepEveryPathRight() throws Exception {
        Drive d = new Drive();
        for (int round = 0; round < ROUNDS; round++) {
            String top = d.folder("top" + round, null);
            String middle = d.folder("middle", top);
            String bottom = d.folder("bottom", middle);
            String leaf = d.folder("leaf", bottom);
            List<Callable<Integer>> renames = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String suffix = round + "-" + i;
                renames.add(() -> rename(d, top, "t" + suffix));
                renames.add(() -> rename(d, middle, "a-much-longer-middle-name-" + suffix));
                renames.add(() -> rename(d, bottom, "b" + suffix));
            }
            assertThat(together(renames)).allMatch(s -> s == 200);
            String expected = "/" + name(d, top) + "/" + name(d, middle) + "/" + name(d, bottom) + "/leaf";
            assertThat(d.as().get("/api/cdn/folders/" + leaf + "/")
                            .then()
                            .statusCode(200)
                            .extract()
                            .<String>path("path"))
                    .isEqualTo(expected);
        }
        assertConsistent();
    }

    @Test
    void movesRacingWithTrashAndCreateKeepTheTreeWhole() throws Exception {
        Drive d = new Drive();
        for (int round = 0; round < 20; round++) {
            String a = d.folder("ma" + round, null);
            String b = d.folder("mb" + round, null);
            String child = d.folder("child", a);
            String renamed = "mb-renamed" + round;
            together(
                    () -> move(d, a, b),
                    () -> rename(d, b, renamed),
                    () -> d.createFolder("new", child).statusCode(),
                    () -> d.as().delete("/api/cdn/folders/" + b + "/").statusCode());
        }
        assertConsistent();
    }

    @Test
    void filesAddedWhileTheirFolderIsTrashedNeverStayLiveInTheTrash() throws Exception {
        Drive d = new Drive();
        for (int round = 0; round < ROUNDS; round++) {
            String folder = d.folder("inbox" + round, null);
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "f" + i + ".pdf";
                calls.add(() -> d.register(name, folder, 10, "application/pdf", Drive.randomSha())
                        .statusCode());
            }
            calls.add(() -> d.as().delete("/api/cdn/folders/" + folder + "/").statusCode());
            assertThat(together(calls)).allMatch(s -> s == 200 || s == 201 || s == 404);
        }
        assertConsistent();
    }

    @Test
    void everyConnectionHasAStatementTimeout() {
        String timeout = db.query("SHOW statement_timeout")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getString(0);
        assertThat(timeout).isEqualTo("30s");
    }

    @Test
    void aCycleInTheDataNeitherHangsRequestsNorHidesFromTheCheck() {
        Drive d = new Drive();
        String x = d.folder("x", null);
        String y = d.folder("y", x);
        String root = d.as().get("/api/cdn/folders/root/").then().extract().path("folder.id");
        // What the tree lock now prevents, written straight into the table.
        sql("UPDATE folder SET parent_id = '" + y + "' WHERE id = '" + x + "'");
        try {
            long started = System.nanoTime();
            d.as().body(Map.of("name", "x2")).patch("/api/cdn/folders/" + x + "/");
            d.as().body(Map.of("parent", x)).patch("/api/cdn/folders/" + y + "/");
            d.as().get("/api/cdn/folders/" + x + "/contents/");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            Map<String, Object> cycles = consistency().getMap("checks.find { it.check == 'folder_cycles' }");
            assertThat(((Number) cycles.get("problems")).longValue()).isGreaterThanOrEqualTo(2);
            assertThat(cycles.get("examples").toString()).contains(x, y);
            // And the owner can repair it: moving one of them back under the root breaks the loop.
            assertThat(move(d, x, root)).isEqualTo(200);
            assertConsistent();
            d.as().delete("/api/cdn/folders/" + x + "/").then().statusCode(200);
            assertConsistent();
        } finally {
            sql("DELETE FROM stored_file WHERE owner_id = '" + d.user + "'");
            sql("DELETE FROM folder WHERE owner_id = '" + d.user + "' AND id <> '" + root + "'");
        }
        assertConsistent();
    }

    @Inject
    Pool db;

    private void sql(String statement) {
        db.query(statement).execute().await().atMost(Duration.ofSeconds(10));
    }

    private static int move(Drive d, String id, String parent) {
        return d.as().body(Map.of("parent", parent))
                .patch("/api/cdn/folders/" + id + "/")
                .statusCode();
    }

    private static int rename(Drive d, String id, String name) {
        return d.as().body(Map.of("name", name))
                .patch("/api/cdn/folders/" + id + "/")
                .statusCode();
    }

    private static String name(Drive d, String id) {
        return d.as().get("/api/cdn/folders/" + id + "/")
                .then()
                .statusCode(200)
                .extract()
                .path("name");
    }

    @SafeVarargs
    private static List<Integer> together(Supplier<Integer>... calls) throws Exception {
        List<Callable<Integer>> list = new ArrayList<>();
        for (Supplier<Integer> call : calls) {
            list.add(call::get);
        }
        return together(list);
    }

    /** Runs the calls at the same moment: every thread waits at a latch until all are ready. */
    private static List<Integer> together(List<Callable<Integer>> calls) throws Exception {
        CountDownLatch ready = new CountDownLatch(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (Callable<Integer> call : calls) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return call.call();
            }));
        }
        ready.await();
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : futures) {
            statuses.add(f.get());
        }
        return statuses;
    }

    static JsonPath consistency() {
        Response r = given().header("X-Depot-Service-Token", "test-internal-secret")
                .accept("application/json")
                .get("/internal/consistency");
        r.then().statusCode(200);
        return r.jsonPath();
    }

    /** Only the checks about the tree: other tests' bytes may be settling while this runs. */
    static void assertConsistent() {
        JsonPath report = consistency();
        for (String check : List.of(
                "folder_cycles", "folder_paths", "folder_roots", "folder_owners", "file_folders", "live_names")) {
            Map<String, Object> finding = report.getMap("checks.find { it.check == '" + check + "' }");
            assertThat(finding).as(check).isNotNull();
            assertThat(((Number) finding.get("problems")).longValue())
                    .as(check + ": " + finding.get("examples"))
                    .isZero();
        }
    }
}
