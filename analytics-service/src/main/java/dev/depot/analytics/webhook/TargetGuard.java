package dev.depot.analytics.webhook;

import dev.depot.analytics.config.AnalyticsConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Keeps webhooks from reaching into the network Depot runs in (SSRF): a target's host is resolved and
 * every address it resolves to must be public, unless configuration allows private targets. The check
 * runs when a webhook is created and again before each delivery, and the delivery then connects to the
 * very address that was checked, so a name that later resolves elsewhere (DNS rebinding) gains nothing.
 */
@ApplicationScoped
public class TargetGuard {

    private final Vertx vertx;
    private final boolean allowPrivate;

    public TargetGuard(Vertx vertx, AnalyticsConfig config) {
        this.vertx = vertx;
        this.allowPrivate = config.webhooks().allowPrivateTargets();
    }

    /** Where to connect: the checked address, and the name to present (Host header, TLS SNI). */
    public record Target(String host, int port, boolean ssl, String requestUri, InetAddress address) {
    }

    /** Why a target may not be used; the message is fit to show the webhook's owner. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Checks the URL's form only: http(s), a host, no credentials. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Refused("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("url must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("url must not carry credentials");
        }
        if (uri.getPort() > 65535) {
            throw new Refused("url has an invalid port");
        }
        return uri;
    }

    /** Resolves the URL's host off the event loop and checks every address it resolves to. */
    public Uni<Target> resolve(String url) {
        URI uri;
        try {
            uri = parse(url);
        } catch (Refused e) {
            return Uni.createFrom().failure(e);
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        boolean ssl = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return Uni.createFrom().completionStage(() -> vertx.<InetAddress[]> executeBlocking(() -> {
            try {
                return InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new Refused("url's host " + host + " does not resolve");
            }
        }, false).toCompletionStage()).map(addresses -> {
            if (!allowPrivate) {
                for (InetAddress a : addresses) {
                    if (!isPublic(a)) {
                        throw new Refused("url's host " + host + " resolves to " + a.getHostAddress()
                                + ", a loopback, private, link-local or reserved address");
                    }
                }
            }
            return new Target(host, port, ssl, requestUri, addresses[0]);
        });
    }

    /** False for loopback, private, link-local, unique-local, shared (CGNAT), multicast, documentation and reserved ranges. */
    public static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            if ((b0 & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local
            }
            if (b0 == 0x20 && b1 == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
                return false; // 2001:db8::/32 documentation
            }
            if (b0 == 0x20 && b1 == 0x01 && b[2] == 0 && b[3] == 0) {
                return false; // 2001::/32 Teredo tunnels
            }
            if (b0 == 0x01 && b1 == 0 && allZero(b, 2, 8)) {
                return false; // 100::/64 discard
            }
            if (allZero(b, 0, 12)) {
                return isPublicV4(Arrays.copyOfRange(b, 12, 16)); // ::a.b.c.d (IPv4-compatible)
            }
            if (b0 == 0 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
                return isPublicV4(Arrays.copyOfRange(b, 12, 16)); // 64:ff9b::/96 NAT64
            }
            if (b0 == 0x20 && b1 == 0x02) {
                return isPublicV4(Arrays.copyOfRange(b, 2, 6)); // 2002::/16 6to4
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        int b2 = b[2] & 0xff;
        return !(b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224 // this network, private, loopback, multicast, reserved
                || (b0 == 100 && (b1 & 0xc0) == 64)              // 100.64.0.0/10 shared (CGNAT)
                || (b0 == 169 && b1 == 254)                      // link-local (cloud metadata)
                || (b0 == 172 && (b1 & 0xf0) == 16)              // 172.16.0.0/12
                || (b0 == 192 && b1 == 168)                      // 192.168.0.0/16
                || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) // IETF protocol assignments, TEST-NET-1
                || (b0 == 198 && (b1 == 18 || b1 == 19))         // benchmarking
                || (b0 == 198 && b1 == 51 && b2 == 100)          // TEST-NET-2
                || (b0 == 203 && b1 == 0 && b2 == 113));         // TEST-NET-3
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
