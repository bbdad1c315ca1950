package dev.depot.files.repository;

import dev.depot.files.DavProperty;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** WebDAV dead properties, by the id of the file or folder they are set on. */
@ApplicationScoped
public class DavPropertyRepository implements PanacheRepositoryBase<DavProperty, DavProperty.Key> {

    public Uni<List<DavProperty>> of(Collection<UUID> resourceIds) {
        return resourceIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("resourceId in ?1", List.copyOf(resourceIds));
    }

    public Uni<Long> remove(UUID resourceId, String namespace, String name) {
        return delete("resourceId = ?1 and namespace = ?2 and name = ?3", resourceId, namespace, name);
    }
}
