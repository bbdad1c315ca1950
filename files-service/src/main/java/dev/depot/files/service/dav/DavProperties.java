package dev.depot.files.service.dav;

import dev.depot.files.DavProperty;
import dev.depot.files.Level;
import dev.depot.files.repository.DavPropertyRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** WebDAV dead properties: what clients store on files and folders with PROPPATCH. */
@ApplicationScoped
public class DavProperties {

    /** One instruction of a PROPPATCH, in document order: set (with the element) or remove. */
    public record Change(String namespace, String name, String xml) {

        public boolean isRemoval() {
            return xml == null;
        }
    }

    private final DavPropertyRepository properties;

    public DavProperties(DavPropertyRepository properties) {
        this.properties = properties;
    }

    /** The properties of each resource, by its id. */
    @WithSession
    public Uni<Map<UUID, List<DavProperty>>> of(Collection<UUID> resourceIds) {
        return properties.of(resourceIds).map(found -> {
            Map<UUID, List<DavProperty>> byResource = new HashMap<>();
            for (DavProperty p : found) {
                byResource
                        .computeIfAbsent(p.resourceId, k -> new java.util.ArrayList<>())
                        .add(p);
            }
            return byResource;
        });
    }

    /**
     * All the changes to the node's properties, in order (a later one for the same name wins), or none:
     * one transaction. Only for a caller who may edit the node.
     */
    @WithTransaction
    public Uni<Void> apply(DavDrive.Node node, List<Change> changes) {
        node.require(Level.EDIT);
        UUID resourceId = node.id();
        Map<List<String>, Change> last = new java.util.LinkedHashMap<>();
        for (Change c : changes) {
            last.put(List.of(c.namespace(), c.name()), c);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Change c : last.values()) {
            chain = chain.chain(() -> properties.remove(resourceId, c.namespace(), c.name()))
                    .chain(removed -> {
                        if (c.isRemoval()) {
                            return Uni.createFrom().voidItem();
                        }
                        DavProperty p = new DavProperty();
                        p.resourceId = resourceId;
                        p.namespace = c.namespace();
                        p.name = c.name();
                        p.xml = c.xml();
                        return properties.persist(p).replaceWithVoid();
                    });
        }
        return chain;
    }
}
