package dev.depot.gateway.pipeline;

import dev.depot.gateway.core.Refusal;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * What the client is told when a service cannot be reached or fails mid-exchange: a service that is
 * down or full is 503 (try again later), one too slow 504, anything else 502.
 */
final class UpstreamFailures {

    private static final Logger LOG = Logger.getLogger(UpstreamFailures.class);

    private UpstreamFailures() {}

    /** No connection to the service: it is down, or every connection stayed busy (both 503, try later). */
    static Refusal notOpened(String service, Throwable cause, Duration retryAfter) {
        if (cause instanceof ConnectException || rootCause(cause) instanceof ConnectException) {
            return Refusal.unavailable(service + " is not available", retryAfter);
        }
        if (cause instanceof TimeoutException || cause instanceof ConnectionPoolTooBusyException) {
            return Refusal.unavailable(service + " is busy: try again shortly", retryAfter);
        }
        LOG.warnf("connecting to %s failed: %s", service, cause.toString());
        return Refusal.of(502, "BadGateway", service + " failed to answer", null);
    }

    /** The exchange with the service failed after it was opened. */
    static Refusal failed(String service, Throwable cause, Duration retryAfter) {
        if (cause instanceof ConnectException || rootCause(cause) instanceof ConnectException) {
            return Refusal.unavailable(service + " is not available", retryAfter);
        }
        if (cause instanceof TimeoutException) {
            return timedOut(service);
        }
        LOG.warnf("proxying to %s failed: %s", service, cause.toString());
        return Refusal.of(502, "BadGateway", service + " failed to answer", null);
    }

    static Refusal timedOut(String service) {
        return Refusal.of(504, "GatewayTimeout", service + " did not answer in time", null);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
