package dev.depot.processing.fetch;

import dev.depot.outbound.OutboundTargets;
import dev.depot.outbound.OutboundTargets.Target;
import dev.depot.processing.derive.Refused;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Keeps the worker's fetches of registered files from reaching into the network Depot runs in (SSRF),
 * by the policy webhooks follow too ({@link OutboundTargets}): the host is resolved once, every address
 * is checked, and the caller connects to the checked one. Refusals are the worker's {@link Refused}:
 * the job fails with the reason and is not tried again.
 */
public final class UrlGuard {

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    public UrlGuard(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    public UrlGuard(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Checks the URL's form only: http(s), a plainly written host, no credentials. */
    public static URI parse(String url) throws Refused {
        try {
            return OutboundTargets.parse(url);
        } catch (OutboundTargets.Refused e) {
            throw new Refused(e.getMessage());
        }
    }

    /** Resolves the URL's host (blocking) and checks every address it resolves to. */
    public Target resolve(String url) throws Refused {
        URI uri = parse(url);
        String host = OutboundTargets.host(uri);
        try {
            return OutboundTargets.target(uri, resolver.resolve(host), allowPrivate);
        } catch (UnknownHostException e) {
            throw new Refused("url's host " + host + " does not resolve");
        } catch (OutboundTargets.Refused e) {
            throw new Refused(e.getMessage());
        }
    }
}
