package dev.depot.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where Depot may send a request on a user's behalf (a webhook delivery, the fetch of a file registered
 * by URL) without reaching into the network it runs in (SSRF): an http(s) URL with a plainly written
 * host, whose every resolved address is public unless private targets are allowed. Callers resolve the
 * host once, check with {@link #target} and connect to the checked address, so a name that resolves
 * elsewhere a moment later (DNS rebinding) gains nothing.
 */
public final class OutboundTargets {

    private OutboundTargets() {}

    /** Why a URL may not be used; the message is fit to show the user who gave it. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Where to connect: the checked address, and the name to present (Host header, TLS SNI). */
    public record Target(URI uri, String host, int port, boolean ssl, String requestUri, InetAddress address) {}

    private static final Pattern CANONICAL_V4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** A label a URL parser (WHATWG) reads as a number: decimal, octal (leading 0) or hex (0x). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("\\d+|0[xX][0-9a-fA-F]*");

    /** Checks the URL's form only: http(s), a plainly written host, no credentials, a valid port. */
    public static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new Refused("url is empty");
        }
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
        if (uri.getRawUserInfo() != null
                || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new Refused("url must not carry credentials");
        }
        // java.net.URI leaves some hosts (127.1, 0x7f.0.0.1) unparsed: judge the authority as written.
        String written = uri.getHost() != null ? uri.getHost() : hostOf(uri.getRawAuthority());
        if (written == null || written.isBlank()) {
            throw new Refused("url has no host");
        }
        checkIpv4Form(written);
        if (uri.getHost() == null) {
            throw new Refused("url's host " + written + " is not a valid host name");
        }
        if (uri.getPort() > 65535) {
            throw new Refused("url has an invalid port");
        }
        return uri;
    }

    /** The host to resolve: the name, or an IPv6 literal without its brackets. */
    public static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * The target for a parsed URL whose host resolved to {@code addresses}: every one of them must be
     * public unless {@code allowPrivate}; the first is the one to connect to.
     */
    public static Target target(URI uri, InetAddress[] addresses, boolean allowPrivate) {
        String host = host(uri);
        if (addresses == null || addresses.length == 0) {
            throw new Refused("url's host " + host + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    throw new Refused("url's host " + host + " resolves to " + a.getHostAddress()
                            + ", a loopback, private, link-local or reserved address");
                }
            }
        }
        boolean ssl = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Target(uri, host, port, ssl, requestUri, addresses[0]);
    }

    /**
     * Refuses a host that a URL parser would read as an IPv4 address unless it is written as four
     * decimal parts: 0177.0.0.1, 0x7f.0.0.1, 2130706433 and 127.1 all mean 127.0.0.1 to some parsers and
     * something else (or nothing) to others, and a guard must not disagree with what it guards.
     */
    static void checkIpv4Form(String host) {
        if (host.startsWith("[")) {
            return; // an IPv6 literal: InetAddress reads it exactly
        }
        String[] labels = host.split("\\.", -1);
        // A trailing dot ("127.0.0.1.") does not change what the name means to a URL parser.
        String last = labels[labels.length - 1].isEmpty() && labels.length > 1
                ? labels[labels.length - 2]
                : labels[labels.length - 1];
        if (NUMERIC_LABEL.matcher(last).matches() && !CANONICAL_V4.matcher(host).matches()) {
            throw new Refused("url's host " + host + " is not an IPv4 address in canonical form (a.b.c.d, decimal)");
        }
    }

    private static String hostOf(String authority) {
        if (authority == null) {
            return null;
        }
        int colon = authority.lastIndexOf(':');
        return colon >= 0 && !authority.endsWith("]") ? authority.substring(0, colon) : authority;
    }

    /** False for loopback, private, link-local, unique-local, shared (CGNAT), multicast, documentation and reserved ranges. */
    public static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
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
            if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return isPublicV4(Arrays.copyOfRange(b, 12, 16)); // ::ffff:a.b.c.d (IPv4-mapped)
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
        return !(b0 == 0
                || b0 == 10
                || b0 == 127
                || b0 >= 224 // this network, private, loopback, multicast, reserved
                || (b0 == 100 && (b1 & 0xc0) == 64) // 100.64.0.0/10 shared (CGNAT)
                || (b0 == 169 && b1 == 254) // link-local (cloud metadata)
                || (b0 == 172 && (b1 & 0xf0) == 16) // 172.16.0.0/12
                || (b0 == 192 && b1 == 168) // 192.168.0.0/16
                || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) // IETF protocol assignments, TEST-NET-1
                || (b0 == 198 && (b1 == 18 || b1 == 19)) // benchmarking
                || (b0 == 198 && b1 == 51 && b2 == 100) // TEST-NET-2
                || (b0 == 203 && b1 == 0 && b2 == 113)); // TEST-NET-3
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
