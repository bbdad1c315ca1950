package dev.depot.analytics.service;

import dev.depot.analytics.Webhook;
import dev.depot.analytics.WebhookDelivery;
import dev.depot.analytics.config.AnalyticsConfig;
import dev.depot.analytics.repository.WebhookRepository;
import dev.depot.analytics.webhook.Signatures;
import dev.depot.analytics.webhook.TargetGuard;
import dev.depot.common.error.ApiException;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PageResults;
import dev.depot.events.EventTypes;
import dev.depot.outbound.OutboundTargets;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Users' webhooks: created with a target that passes the SSRF check, listed, deleted, their deliveries read. */
@ApplicationScoped
public class WebhookService {

    /** Every event type (EventTypes), and "*" for all of them. */
    public static final Set<String> EVENT_TYPES = eventTypes();

    public static final String ALL = "*";

    private final WebhookRepository webhooks;
    private final TargetGuard guard;
    private final int maxPerUser;
    private final Clock clock;

    public WebhookService(WebhookRepository webhooks, TargetGuard guard, AnalyticsConfig config, Clock clock) {
        this.webhooks = webhooks;
        this.guard = guard;
        this.maxPerUser = config.webhooks().maxPerUser();
        this.clock = clock;
    }

    /** The webhook with its secret, which is not shown again. */
    public Uni<Webhook> create(UUID owner, String url, List<String> requestedTypes, String description) {
        List<String> types = checkTypes(requestedTypes);
        return webhooks.countOf(owner)
                .chain(count -> {
                    if (count >= maxPerUser) {
                        throw ApiException.conflict(
                                "you have " + count + " webhooks, the most one user may have",
                                Map.of("max_webhooks", maxPerUser));
                    }
                    return guard.resolve(url);
                })
                .onFailure(OutboundTargets.Refused.class)
                .transform(e -> ApiException.validation(e.getMessage(), Map.of("url", e.getMessage())))
                .chain(target -> webhooks.insert(
                        UUID.randomUUID(),
                        owner,
                        url.trim(),
                        types,
                        description == null || description.isBlank() ? null : description.trim(),
                        Signatures.newSecret(),
                        OffsetDateTime.now(clock)));
    }

    public Uni<PageResults<Webhook>> list(UUID owner, PageRequest page) {
        return webhooks.countOf(owner).chain(count -> webhooks.pageOf(owner, page.size(), page.offset())
                .map(results -> new PageResults<>(count, results)));
    }

    public Uni<Webhook> one(UUID owner, UUID id) {
        return webhooks.find(owner, id);
    }

    public Uni<Boolean> delete(UUID owner, UUID id) {
        return webhooks.delete(owner, id);
    }

    /** The webhook's deliveries, newest first; null when the user has no such webhook. */
    public Uni<PageResults<WebhookDelivery>> deliveries(UUID owner, UUID id, String status, PageRequest page) {
        return webhooks.find(owner, id)
                .chain(w -> w == null
                        ? Uni.createFrom().nullItem()
                        : webhooks.countDeliveries(id, status)
                                .chain(count -> webhooks.deliveries(id, status, page.size(), page.offset())
                                        .map(results -> new PageResults<>(count, results))));
    }

    static List<String> checkTypes(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw ApiException.validation(
                    "event_types must name at least one event type", Map.of("event_types", "required"));
        }
        Set<String> types = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String t : requested) {
            String type = t == null ? "" : t.trim();
            if (type.equals(ALL) || EVENT_TYPES.contains(type)) {
                types.add(type);
            } else {
                unknown.add(type);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.validation(
                    "unknown event types: " + String.join(", ", unknown),
                    Map.of("event_types", "known types: " + String.join(", ", EVENT_TYPES) + ", or " + ALL));
        }
        return List.copyOf(types);
    }

    private static Set<String> eventTypes() {
        Set<String> types = new TreeSet<>();
        for (Field f : EventTypes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    types.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return java.util.Collections.unmodifiableSet(types);
    }
}
