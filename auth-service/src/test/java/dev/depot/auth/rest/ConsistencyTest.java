package dev.depot.auth.rest;

import static dev.depot.auth.rest.AuthFixtures.refresh;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** auth-service's part of ./depot doctor: one usable refresh token per login, even when refreshes race. */
@QuarkusTest
class ConsistencyTest {

    @Test
    void theCheckAnswersOnlyToServices() {
        given().get("/internal/consistency").then().statusCode(403);
        given().header("X-Depot-Service-Token", "wrong")
                .get("/internal/consistency")
                .then()
                .statusCode(403);
        assertThat(report().getList("checks.check")).contains("login_tokens", "account_logins");
    }

    @Test
    void racingRefreshesOfOneTokenLeaveOneUsableTokenPerLogin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            for (int round = 0; round < 10; round++) {
                AuthFixtures.Account a = AuthFixtures.register();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    calls.add(pool.submit(() -> {
                        go.await();
                        return refresh(a.refreshToken()).statusCode();
                    }));
                }
                go.countDown();
                for (Future<Integer> f : calls) {
                    assertThat(f.get()).isIn(200, 401);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> tokens = report().getMap("checks.find { it.check == 'login_tokens' }");
        assertThat(((Number) tokens.get("problems")).longValue())
                .as(String.valueOf(tokens.get("examples")))
                .isZero();
        assertThat(report().getBoolean("consistent")).isTrue();
    }

    private static JsonPath report() {
        return given().header("X-Depot-Service-Token", "test-internal-secret")
                .accept("application/json")
                .get("/internal/consistency")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
