package dev.depot.files.repository;

import dev.depot.files.StoredFile;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class FileRepository implements PanacheRepositoryBase<StoredFile, UUID> {

    /** The owner's files that are not in the trash, newest first. */
    public PanacheQuery<StoredFile> liveOf(UUID ownerId) {
        return find("ownerId = ?1 and trashedAt is null", Sort.descending("createdAt").and("id"), ownerId);
    }
}
