package dev.depot.gateway.edge;

import dev.depot.gateway.docs.ApiDocs;
import dev.depot.gateway.routing.RouteTable;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's HTTP metrics are labelled by route, never by the raw path: a path can carry another
 * user's public-link token, a drop ticket or file and share ids, and every distinct value would be a
 * new series. Every {@code uri} tag of the HTTP server and client meters becomes the route table's
 * prefix ({@code /api/cdn/shares/**}), one of the gateway's own pages, or {@code UNKNOWN}.
 */
public class RouteMetrics {

    static final String UNKNOWN = "UNKNOWN";

    @Produces
    @Singleton
    MeterFilter routeTemplates(RouteTable routes) {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getTag("uri");
                if (uri == null || !id.getName().startsWith("http.")) {
                    return id;
                }
                List<Tag> tags = new ArrayList<>();
                for (Tag tag : id.getTagsAsIterable()) {
                    tags.add(tag.getKey().equals("uri") ? Tag.of("uri", template(routes, uri)) : tag);
                }
                return id.replaceTags(tags);
            }
        };
    }

    /** What a path is labelled with; values that are not paths (NOT_FOUND, REDIRECTION, root) stay. */
    static String template(RouteTable routes, String uri) {
        if (!uri.startsWith("/")) {
            return uri;
        }
        String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
        if (ApiDocs.owns(path)) {
            String route = ApiDocs.route(path);
            return route.equals(ApiDocs.DOCS) ? ApiDocs.DOCS + "/**" : route;
        }
        if (ApiDocs.openApiService(path) != null || path.startsWith("/q/openapi")) {
            return ApiDocs.OPENAPI + "{service}";
        }
        if (RouteTable.isInternal(path)) {
            return UNKNOWN;
        }
        return routes.match(path).map(t -> t.prefix() + "/**").orElse(UNKNOWN);
    }
}
