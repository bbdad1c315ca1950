package dev.depot.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * HTTP metrics are labelled by route template ({@code /api/cdn/webhooks/{id}}), as RESTEasy Reactive
 * names the method it matched. A request it matched no method for (a method the route does not take,
 * 405) is labelled with its raw path instead, which can carry an id or a public link's token: every
 * such segment becomes {@code {id}} here, so no secret becomes a label and the series stay few.
 */
public class PathTemplates {

    /** A UUID, a number, or anything long enough to be a token or a hash rather than a route's word. */
    private static final Pattern ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9]+|.{20,}");

    @Produces
    @Singleton
    MeterFilter templatesOnly() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getTag("uri");
                if (uri == null || !id.getName().startsWith("http.") || !uri.startsWith("/")) {
                    return id;
                }
                String template = template(uri);
                if (template.equals(uri)) {
                    return id;
                }
                List<Tag> tags = new ArrayList<>();
                for (Tag tag : id.getTagsAsIterable()) {
                    tags.add(tag.getKey().equals("uri") ? Tag.of("uri", template) : tag);
                }
                return id.replaceTags(tags);
            }
        };
    }

    static String template(String uri) {
        String[] segments = uri.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (!segments[i].startsWith("{") && ID.matcher(segments[i]).matches()) {
                segments[i] = "{id}";
            }
        }
        return String.join("/", segments);
    }
}
