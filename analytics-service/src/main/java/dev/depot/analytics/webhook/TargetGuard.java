package dev.depot.analytics.webhook;

import dev.depot.analytics.config.AnalyticsConfig;
import dev.depot.outbound.OutboundTargets;
import dev.depot.outbound.OutboundTargets.Refused;
import dev.depot.outbound.OutboundTargets.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Keeps webhooks from reaching into the network Depot runs in (SSRF), by the policy of
 * {@link OutboundTargets}: checked when a webhook is created and again before each delivery, and the
 * delivery then connects to the very address that was checked, so a name that later resolves
 * elsewhere (DNS rebinding) gains nothing. Private targets only when configuration allows them.
 */
@ApplicationScoped
public class TargetGuard {

    private final Vertx vertx;
    private final boolean allowPrivate;

    public TargetGuard(Vertx vertx, AnalyticsConfig config) {
        this.vertx = vertx;
        this.allowPrivate = config.webhooks().allowPrivateTargets();
    }

    /** Resolves the URL's host off the event loop and checks every address it resolves to. */
    public Uni<Target> resolve(String url) {
        URI uri;
        try {
            uri = OutboundTargets.parse(url);
        } catch (Refused e) {
            return Uni.createFrom().failure(e);
        }
        String host = OutboundTargets.host(uri);
        return Uni.createFrom()
                .completionStage(() -> vertx.<InetAddress[]>executeBlocking(
                                () -> {
                                    try {
                                        return InetAddress.getAllByName(host);
                                    } catch (UnknownHostException e) {
                                        throw new Refused("url's host " + host + " does not resolve");
                                    }
                                },
                                false)
                        .toCompletionStage())
                .map(addresses -> OutboundTargets.target(uri, addresses, allowPrivate));
    }
}
