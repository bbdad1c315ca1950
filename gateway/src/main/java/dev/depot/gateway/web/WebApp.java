package dev.depot.gateway.web;

import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.core.Exchange;
import dev.depot.gateway.core.GatewayErrors;
import dev.depot.gateway.routing.RouteTable;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The web app (a single-page app built into web/dist) at {@code /}. Its files are read into memory at
 * start (a few hundred KB) with a gzip copy of each text file, so serving one costs no disk read.
 * Hashed assets under {@code /assets/} are cached for a year; {@code index.html} is revalidated on
 * every visit (ETag), so a new build is picked up at the next page load. A GET for a path the app
 * routes itself ({@code /drive/...}, {@code /login}: no file extension) answers index.html; the API's
 * paths ({@code /api}, {@code /cdn}, {@code /q}, every routed prefix) never do, and fall through to the
 * proxy and its JSON 404. The exception is a page prefix ({@code depot.gateway.web.page-prefixes}, a public
 * link's {@code /s/{token}}): one URL for a browser and an API client alike, so a navigation (Accept with
 * text/html) gets index.html and every other request goes on to the service that owns the path.
 * Static files are not rate limited: they are cheap and a page load takes several.
 */
@ApplicationScoped
public class WebApp {

    private static final Logger LOG = Logger.getLogger(WebApp.class);
    /** After the edge handler (request id, security headers), before the proxy. */
    private static final int ROUTE_ORDER = 0;

    private static final String INDEX = "/index.html";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final List<String> NEVER_THE_APP =
            List.of("/api", "/cdn", "/q", "/internal", "/.well-known", "/dav");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("map", "application/json"));

    private final GatewayConfig config;
    private final RouteTable routes;
    private final Map<String, StaticBody> assets = new HashMap<>();

    public WebApp(GatewayConfig config, RouteTable routes) {
        this.config = config;
        this.routes = routes;
    }

    void init(@Observes StartupEvent start) {
        load(Path.of(config.web().dir()));
    }

    /** Reads every file of the built app; the old set stays if the directory is missing. */
    void load(Path dir) {
        if (!Files.isRegularFile(dir.resolve("index.html"))) {
            LOG.warnf(
                    "the web app is not built (no %s): / answers 404 until it is (./depot up builds it)",
                    dir.toAbsolutePath().resolve("index.html"));
            return;
        }
        Map<String, StaticBody> read = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String path = "/" + dir.relativize(file).toString().replace('\\', '/');
                read.put(path, asset(path, Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the web app in " + dir, e);
        }
        assets.clear();
        assets.putAll(read);
        LOG.infof("web app: %d files from %s", assets.size(), dir.toAbsolutePath());
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        String path = ctx.request().path();
        if ((method != HttpMethod.GET && method != HttpMethod.HEAD) || path == null) {
            ctx.next();
            return;
        }
        if (isPagePath(path)) {
            StaticBody index = assets.get(INDEX);
            if (!navigating(ctx) || index == null) {
                ctx.next(); // an API client (or no app built): the service's JSON
                return;
            }
            Exchange.of(ctx).routedTo("gateway", "web");
            // The same URL answers JSON to other clients: no cache may hand one the other's answer.
            ctx.response().putHeader(HttpHeaders.VARY, "Accept");
            serve(ctx, INDEX, index);
            return;
        }
        if (!isAppPath(path)) {
            ctx.next();
            return;
        }
        StaticBody asset = assets.get(path.equals("/") ? INDEX : path);
        if (asset == null && !path.equals("/") && !lastSegment(path).contains(".")) {
            asset = assets.get(INDEX); // a route of the app itself: the app shows it (or its own "not found")
            path = INDEX;
        }
        if (asset == null) {
            if (assets.isEmpty() && path.equals("/")) {
                Exchange.of(ctx).routedTo("gateway", "web");
                GatewayErrors.send(
                        ctx.response(),
                        404,
                        "ResourceNotFound",
                        "the web app is not built on this server: run ./depot up (or cd web && npm ci && npm run build)");
                return;
            }
            ctx.next(); // the proxy's JSON 404
            return;
        }
        Exchange.of(ctx).routedTo("gateway", "web");
        serve(ctx, path, asset);
    }

    private void serve(RoutingContext ctx, String path, StaticBody asset) {
        asset.serve(ctx.request(), ctx.response(), path.startsWith("/assets/") ? IMMUTABLE : "no-cache");
    }

    /** Under a page prefix: a service's path that is also a page of the app. */
    private boolean isPagePath(String path) {
        if (unusual(path)) {
            return false;
        }
        for (String prefix : config.web().pagePrefixes()) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /** A browser loading a page: it names text/html in Accept; API clients send {@code *}{@code /*} or JSON. */
    private static boolean navigating(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    private static boolean unusual(String path) {
        return path.contains("//") || path.contains("/./") || path.contains("/../") || path.endsWith("/..");
    }

    /** Not the API's: no reserved prefix and no route to a service. */
    private boolean isAppPath(String path) {
        if (unusual(path)) {
            return false; // the proxy refuses these with a message
        }
        for (String reserved : NEVER_THE_APP) {
            if (path.equals(reserved) || path.startsWith(reserved + "/")) {
                return false;
            }
        }
        return routes.match(path).isEmpty();
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static StaticBody asset(String path, byte[] bytes) {
        String name = lastSegment(path);
        String extension =
                name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        return StaticBody.of(TYPES.getOrDefault(extension, "application/octet-stream"), bytes);
    }
}
