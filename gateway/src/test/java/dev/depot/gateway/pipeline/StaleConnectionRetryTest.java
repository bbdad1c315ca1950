package dev.depot.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** A pooled connection closed as it is handed out is asked for once more; every other failure stands. */
class StaleConnectionRetryTest {

    private static Future<String> run(List<Future<String>> attempts, int[] calls) {
        Queue<Future<String>> left = new ArrayDeque<>(attempts);
        return ForwardStage.openRetryingStale(() -> {
            calls[0]++;
            return left.remove();
        });
    }

    @Test
    void aClosedPooledConnectionIsReplacedByAFreshOne() {
        int[] calls = {0};
        Future<String> opened = run(
                List.of(
                        Future.failedFuture(new HttpClosedException("Connection was closed")),
                        Future.succeededFuture("fresh")),
                calls);
        assertThat(opened.succeeded()).isTrue();
        assertThat(opened.result()).isEqualTo("fresh");
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void aServiceThatIsDownIsNotAskedAgain() {
        int[] calls = {0};
        Future<String> opened = run(
                List.of(Future.failedFuture(new ConnectException("refused")), Future.succeededFuture("never")), calls);
        assertThat(opened.failed()).isTrue();
        assertThat(opened.cause()).isInstanceOf(ConnectException.class);
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void aSecondClosedConnectionFailsTheRequest() {
        int[] calls = {0};
        Future<String> opened = run(
                List.of(
                        Future.failedFuture(new HttpClosedException("closed")),
                        Future.failedFuture(new HttpClosedException("closed again")),
                        Future.succeededFuture("never")),
                calls);
        assertThat(opened.failed()).isTrue();
        assertThat(calls[0]).isEqualTo(2);
    }
}
