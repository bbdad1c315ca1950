package dev.depot.files.repository;

import dev.depot.files.DavProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
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
        return resourceIds.isEmpty()
                ? Uni.createFrom().item(List.of())
                : list("resourceId in ?1", List.copyOf(resourceIds));
    }

    /** The properties of files and folders deleted for good (emptied from the trash). */
    public Uni<Integer> deleteOrphans() {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM dav_property p "
                        + "WHERE NOT EXISTS (SELECT 1 FROM stored_file f WHERE f.id = p.resource_id) "
                        + "AND NOT EXISTS (SELECT 1 FROM folder d WHERE d.id = p.resource_id)")
                .executeUpdate());
    }

    public Uni<Long> remove(UUID resourceId, String namespace, String name) {
        return delete("resourceId = ?1 and namespace = ?2 and name = ?3", resourceId, namespace, name);
    }
}
