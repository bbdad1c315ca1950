package dev.depot.gateway.docs;

import dev.depot.events.contract.AsyncApiDocument;
import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.routing.RouteTable;
import dev.depot.gateway.web.StaticBody;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The gateway's own pages: {@code GET /api} lists the routes and where each service's OpenAPI
 * document can be fetched through the gateway ({@code /api/openapi/{service}}), and {@code /api/docs}
 * is a Swagger UI offering all of them. Swagger UI's files come from the smallrye-open-api-ui jar and
 * are held in memory (about 1.7 MB), read once at start. {@code /api/events/asyncapi.json} is the AsyncAPI
 * document of the Kafka events, generated at start from the event contract the services are built with.
 */
@ApplicationScoped
public class ApiDocs {

    public static final String INDEX = "/api";
    public static final String DOCS = "/api/docs";
    public static final String OPENAPI = "/api/openapi/";
    public static final String EVENTS = "/api/events/asyncapi.json";
    private static final Logger LOG = Logger.getLogger(ApiDocs.class);
    private static final String ASSETS = "META-INF/resources/openapi-ui/";
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "favicon.ico", "image/x-icon");

    private final RouteTable routes;
    private final GatewayConfig config;
    private final Map<String, Buffer> assets = new LinkedHashMap<>();
    private Buffer index;
    private Buffer page;
    private Buffer init;
    private StaticBody events;

    public ApiDocs(RouteTable routes, GatewayConfig config) {
        this.routes = routes;
        this.config = config;
    }

    void init(@Observes StartupEvent start) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : ASSET_TYPES.keySet()) {
            try (InputStream in = loader.getResourceAsStream(ASSETS + name)) {
                if (in != null) {
                    assets.put(name, Buffer.buffer(in.readAllBytes()));
                }
            } catch (IOException e) {
                LOG.warnf("cannot read Swagger UI's %s: %s", name, e.toString());
            }
        }
        if (!assets.containsKey("swagger-ui-bundle.js")) {
            LOG.warn("Swagger UI's files are not on the class path: /api/docs serves the JSON index only");
        }
        index = Buffer.buffer(indexJson().encodePrettily());
        page = Buffer.buffer(PAGE);
        JsonArray urls = new JsonArray();
        services()
                .keySet()
                .forEach(s -> urls.add(new JsonObject().put("name", s).put("url", OPENAPI + s)));
        init = Buffer.buffer(INIT.replace("URLS", urls.encode()));
        events = StaticBody.of("application/json", AsyncApiDocument.render().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the path is one of the gateway's own pages. */
    public static boolean owns(String path) {
        return path.equals(INDEX)
                || path.equals(INDEX + "/")
                || path.equals(DOCS)
                || path.startsWith(DOCS + "/")
                || path.equals(EVENTS);
    }

    /** What an own page is labelled with in metrics and the access log. */
    public static String route(String path) {
        return path.equals(EVENTS) ? EVENTS : path.startsWith(DOCS) ? DOCS : INDEX;
    }

    /** The service whose OpenAPI document the path asks for, or null. */
    public static String openApiService(String path) {
        if (!path.startsWith(OPENAPI)) {
            return null;
        }
        String name = path.substring(OPENAPI.length());
        name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return name.isEmpty() || name.contains("/") ? null : name;
    }

    /** Answers one of the gateway's own pages; false when there is no such page. */
    public boolean serve(HttpServerRequest request, HttpServerResponse response) {
        String path = request.path();
        if (path.equals(EVENTS)) {
            // It changes only with a new build: caches may keep it, and revalidate for a 304.
            events.serve(request, response, "public, no-cache");
            return true;
        }
        if (path.equals(INDEX) || path.equals(INDEX + "/")) {
            send(response, "application/json", index);
            return true;
        }
        if (path.equals(DOCS) || path.equals(DOCS + "/")) {
            if (!assets.containsKey("swagger-ui-bundle.js")) {
                send(response, "application/json", index);
            } else {
                send(response, "text/html; charset=utf-8", page);
            }
            return true;
        }
        String name = path.substring(DOCS.length() + 1);
        if (name.equals("init.js")) {
            send(response, "text/javascript; charset=utf-8", init);
            return true;
        }
        Buffer asset = assets.get(name);
        if (asset == null) {
            return false;
        }
        response.putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400");
        send(response, ASSET_TYPES.get(name), asset);
        return true;
    }

    private static void send(HttpServerResponse response, String type, Buffer body) {
        response.putHeader(HttpHeaders.CONTENT_TYPE, type);
        if (!response.headers().contains(HttpHeaders.CACHE_CONTROL)) {
            response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        response.end(body);
    }

    private Map<String, java.util.List<String>> services() {
        Map<String, java.util.List<String>> byService = new TreeMap<>();
        for (RouteTable.Target t : routes.targets()) {
            byService
                    .computeIfAbsent(t.service(), s -> new java.util.ArrayList<>())
                    .add(t.prefix());
        }
        byService.values().forEach(java.util.Collections::sort);
        return byService;
    }

    JsonObject indexJson() {
        JsonArray services = new JsonArray();
        services()
                .forEach((name, prefixes) -> services.add(new JsonObject()
                        .put("name", name)
                        .put("prefixes", new JsonArray(prefixes))
                        .put("openapi", OPENAPI + name)));
        JsonArray table = new JsonArray();
        routes.targets().stream()
                .sorted(java.util.Comparator.comparing(RouteTable.Target::prefix))
                .forEach(t ->
                        table.add(new JsonObject().put("prefix", t.prefix()).put("service", t.service())));
        JsonArray policies = new JsonArray();
        new TreeMap<>(config.policies())
                .forEach((name, p) -> policies.add(new JsonObject()
                        .put("name", name)
                        .put("match", new JsonArray(p.match().orElse(java.util.List.of())))
                        .put("rate_limit", p.rateLimit())
                        .put("rate_key", p.rateKey().name().toLowerCase(Locale.ROOT))
                        .put(
                                "window_seconds",
                                p.window().orElse(config.rateLimit().window()).toSeconds())
                        .put(
                                "max_body_size",
                                p.maxBodySize().orElse(config.maxBodySize()).asLongValue())));
        return new JsonObject()
                .put("name", "Depot API")
                .put("docs", DOCS)
                .put("events", EVENTS)
                .put("services", services)
                .put("routes", table)
                .put("rate_limits_enabled", config.rateLimit().enabled())
                .put("policies", policies);
    }

    private static final String PAGE =
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Depot API</title>
              <link rel="stylesheet" href="/api/docs/swagger-ui.css">
              <link rel="icon" href="/api/docs/favicon.ico">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/api/docs/swagger-ui-bundle.js"></script>
              <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
              <script src="/api/docs/init.js"></script>
            </body>
            </html>
            """;

    /** A file rather than an inline script, so the page works under a CSP without 'unsafe-inline' scripts. */
    private static final String INIT =
            """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                urls: URLS,
                dom_id: '#swagger-ui',
                deepLinking: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                layout: 'StandaloneLayout'
              });
            };
            """;
}
