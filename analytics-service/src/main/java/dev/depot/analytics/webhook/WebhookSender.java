package dev.depot.analytics.webhook;

import dev.depot.analytics.config.AnalyticsConfig;
import dev.depot.analytics.repository.DeliveryQueue.Claimed;
import dev.depot.outbound.OutboundTargets;
import dev.depot.outbound.OutboundTargets.Target;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/**
 * Sends one delivery attempt: checks the target again (see {@link TargetGuard}), connects to the checked
 * address, POSTs the event signed with the webhook's secret, and reports the answer. Never follows
 * redirects (a redirect could point anywhere) and never reads the answer's body.
 */
@ApplicationScoped
public class WebhookSender {

    public static final String USER_AGENT = "Depot-Webhooks/1.0";

    private final TargetGuard guard;
    private final WebClient client;
    private final long timeoutMillis;
    private final Clock clock;

    public WebhookSender(Vertx vertx, TargetGuard guard, AnalyticsConfig config, Clock clock) {
        this.guard = guard;
        this.clock = clock;
        this.timeoutMillis = config.webhooks().timeout().toMillis();
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setUserAgent(USER_AGENT)
                        .setFollowRedirects(false)
                        .setConnectTimeout((int) timeoutMillis)
                        .setVerifyHost(true)
                        .setForceSni(true)
                        .setMaxPoolSize(32));
    }

    /** What an attempt came to: a status when the target answered, an error when it did not or was refused. */
    public record Outcome(Integer status, String error) {
        public boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    public Uni<Outcome> send(Claimed d) {
        return guard.resolve(d.url())
                .chain(target -> post(target, d))
                .onFailure(OutboundTargets.Refused.class)
                .recoverWithItem(e -> new Outcome(null, "refused: " + e.getMessage()))
                .onFailure()
                .recoverWithItem(e -> new Outcome(
                        null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
    }

    private Uni<Outcome> post(Target target, Claimed d) {
        long now = clock.instant().getEpochSecond();
        return Uni.createFrom()
                .completionStage(() -> client.request(
                                HttpMethod.POST,
                                SocketAddress.inetSocketAddress(
                                        target.port(), target.address().getHostAddress()),
                                target.port(),
                                target.host(),
                                target.requestUri())
                        .ssl(target.ssl())
                        .timeout(timeoutMillis)
                        .putHeader("Content-Type", "application/json")
                        .putHeader(Signatures.HEADER, Signatures.header(d.secret(), now, d.payload()))
                        .putHeader("X-Depot-Event", d.eventType())
                        .putHeader("X-Depot-Delivery", d.id().toString())
                        .putHeader("X-Depot-Webhook", d.webhookId().toString())
                        .as(BodyCodec.none())
                        .sendBuffer(Buffer.buffer(d.payload()))
                        .toCompletionStage())
                .map(response -> response.statusCode() >= 200 && response.statusCode() < 300
                        ? new Outcome(response.statusCode(), null)
                        : new Outcome(response.statusCode(), "answered " + response.statusCode()));
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
    }
}
