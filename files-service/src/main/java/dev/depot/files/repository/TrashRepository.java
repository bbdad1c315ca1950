package dev.depot.files.repository;

import dev.depot.files.TrashEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The entries of a user's trash: the folders and files the user trashed themselves, not what a
 * folder's trashing took along (that comes back with the folder).
 */
@ApplicationScoped
public class TrashRepository {

    private static final String ENTRIES =
            "SELECT 'folder' AS type, id, name, parent_id AS parent, trashed_at, 0 AS size, path FROM folder "
                    + "WHERE owner_id = ?1 AND trashed_with = id "
                    + "UNION ALL SELECT 'file', f.id, f.filename, f.folder_id, f.trashed_at, f.file_size, "
                    + "CASE WHEN d.path = '/' THEN '/' || f.filename ELSE d.path || '/' || f.filename END "
                    + "FROM stored_file f JOIN folder d ON d.id = f.folder_id "
                    + "WHERE f.owner_id = ?1 AND f.trashed_with = f.id";

    public Uni<Long> count(UUID ownerId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("SELECT count(*) FROM (" + ENTRIES + ") e", Long.class)
                        .setParameter(1, ownerId)
                        .getSingleResult());
    }

    /** Newest first. */
    public Uni<List<TrashEntry>> page(UUID ownerId, int limit, long offset) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        ENTRIES + " ORDER BY trashed_at DESC, id LIMIT ?2 OFFSET ?3", Object[].class)
                .setParameter(1, ownerId)
                .setParameter(2, limit)
                .setParameter(3, offset)
                .getResultList()
                .map(rows -> rows.stream().map(TrashRepository::entry).toList()));
    }

    private static TrashEntry entry(Object[] row) {
        return new TrashEntry(
                (String) row[0],
                (UUID) row[1],
                (String) row[2],
                (UUID) row[3],
                Times.utc(row[4]),
                ((Number) row[5]).longValue(),
                (String) row[6]);
    }
}
