package dev.depot.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.gateway.core.Refusal;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** A service down or full is "try again" (503), one too slow 504, anything else 502. */
class UpstreamFailuresTest {

    private static final Duration RETRY = Duration.ofSeconds(2);

    @Test
    void aServiceThatRefusesConnectionsIsUnavailable() {
        for (Throwable cause : new Throwable[] {
            new ConnectException("refused"), new RuntimeException("wrapped", new ConnectException("refused"))
        }) {
            Refusal opening = UpstreamFailures.notOpened("files-service", cause, RETRY);
            assertThat(opening.status()).isEqualTo(503);
            assertThat(opening.error()).isEqualTo("ServiceUnavailable");
            assertThat(opening.message()).isEqualTo("files-service is not available");
            assertThat(opening.headers()).containsEntry("retry-after", "2");
            assertThat(UpstreamFailures.failed("files-service", cause, RETRY)).isEqualTo(opening);
        }
    }

    @Test
    void aPoolThatStaysFullIsBusy() {
        for (Throwable cause :
                new Throwable[] {new TimeoutException("pool"), new ConnectionPoolTooBusyException("full")}) {
            Refusal refusal = UpstreamFailures.notOpened("files-service", cause, Duration.ZERO);
            assertThat(refusal.status()).isEqualTo(503);
            assertThat(refusal.message()).isEqualTo("files-service is busy: try again shortly");
            assertThat(refusal.headers()).as("at least a second").containsEntry("retry-after", "1");
        }
    }

    @Test
    void aServiceTooSlowTimesOut() {
        Refusal refusal = UpstreamFailures.failed("sharing-service", new TimeoutException("late"), RETRY);
        assertThat(refusal.status()).isEqualTo(504);
        assertThat(refusal.error()).isEqualTo("GatewayTimeout");
        assertThat(refusal.message()).isEqualTo("sharing-service did not answer in time");
        assertThat(refusal.headers()).isEmpty();
        assertThat(UpstreamFailures.timedOut("sharing-service")).isEqualTo(refusal);
    }

    @Test
    void anythingElseIsABadGateway() {
        Refusal opening = UpstreamFailures.notOpened("auth-service", new HttpClosedException("closed"), RETRY);
        Refusal midway = UpstreamFailures.failed("auth-service", new IllegalStateException("reset"), RETRY);
        for (Refusal refusal : new Refusal[] {opening, midway}) {
            assertThat(refusal.status()).isEqualTo(502);
            assertThat(refusal.error()).isEqualTo("BadGateway");
            assertThat(refusal.message()).isEqualTo("auth-service failed to answer");
            assertThat(refusal.headers()).isEmpty();
        }
    }
}
