package dev.depot.files.repository;

import dev.depot.files.FileVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class VersionRepository implements PanacheRepositoryBase<FileVersion, UUID> {

    public Uni<List<FileVersion>> of(UUID fileId) {
        return find("fileId", Sort.descending("version"), fileId).list();
    }

    public Uni<FileVersion> find(UUID fileId, int version) {
        return find("fileId = ?1 and version = ?2", fileId, version).firstResult();
    }

    /** The bytes of all the owner's kept earlier versions. */
    public Uni<Long> bytesOf(UUID ownerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT coalesce(sum(file_size), 0) FROM file_version WHERE owner_id = ?1", Long.class)
                .setParameter(1, ownerId)
                .getSingleResult()
                .map(bytes -> ((Number) bytes).longValue()));
    }

    /** Drops all but the newest {@code keep} earlier versions; their blobs go to the collector. */
    public Uni<Long> keepNewest(UUID fileId, int keep) {
        return of(fileId)
                .chain(all -> all.size() <= keep
                        ? Uni.createFrom().item(0L)
                        : delete("fileId = ?1 and version <= ?2", fileId, all.get(keep).version));
    }
}
