package dev.depot.files.repository;

import dev.depot.files.Category;
import dev.depot.files.StoredFile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Files, always scoped to their owner. */
@ApplicationScoped
public class FileRepository implements PanacheRepositoryBase<StoredFile, UUID> {

    /** The filters of GET /api/cdn/files/. */
    public record Filter(UUID folderId, String search, Category category, Boolean starred) {}

    public PanacheQuery<StoredFile> liveOf(UUID ownerId, Filter filter, Sort sort) {
        StringBuilder q = new StringBuilder("ownerId = :owner and trashedAt is null");
        Parameters p = Parameters.with("owner", ownerId);
        if (filter.folderId() != null) {
            q.append(" and folderId = :folder");
            p.and("folder", filter.folderId());
        }
        if (filter.search() != null) {
            q.append(" and lower(filename) like :pattern escape '\\'");
            p.and("pattern", containsPattern(filter.search()));
        }
        if (filter.category() != null) {
            q.append(" and category = :category");
            p.and("category", filter.category().key());
        }
        if (filter.starred() != null) {
            q.append(" and starred = :starred");
            p.and("starred", filter.starred());
        }
        return find(q.toString(), sort, p);
    }

    public Uni<StoredFile> findOwned(UUID ownerId, UUID id) {
        return find("id = ?1 and ownerId = ?2", id, ownerId).firstResult();
    }

    public Uni<StoredFile> findLive(UUID ownerId, UUID id) {
        return find("id = ?1 and ownerId = ?2 and trashedAt is null", id, ownerId)
                .firstResult();
    }

    /**
     * The file read again from its row, which stays locked until the transaction ends: for changes that
     * depend on the processing state, which processing results (ProcessingListener) change
     * concurrently. Go on with the answer: the instance passed in is detached, unsaved changes and all.
     * Null when the row is gone.
     */
    public Uni<StoredFile> lockFresh(StoredFile file) {
        return Panache.getSession()
                .chain(s -> s.detach(file).find(StoredFile.class, file.id, LockModeType.PESSIMISTIC_WRITE));
    }

    /** The file, its row locked until the transaction ends; null when there is none. */
    public Uni<StoredFile> findLocked(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<StoredFile> liveNamed(UUID ownerId, UUID folderId, String filename) {
        return find(
                        "ownerId = ?1 and folderId = ?2 and lower(filename) = lower(?3) and trashedAt is null",
                        ownerId,
                        folderId,
                        filename)
                .firstResult();
    }

    /**
     * The owner's files in one folder, or anywhere when {@code folderId} is null, newest first: live ones,
     * or trashed ones; trashed ones from anywhere are only those trashed on their own (trash entries),
     * not those a folder's trashing took along.
     */
    public Uni<List<StoredFile>> listed(UUID ownerId, UUID folderId, boolean starredOnly, boolean trashed) {
        StringBuilder q = new StringBuilder("ownerId = :owner");
        Parameters p = Parameters.with("owner", ownerId);
        q.append(trashed ? " and trashedAt is not null" : " and trashedAt is null");
        if (folderId != null) {
            q.append(" and folderId = :folder");
            p.and("folder", folderId);
        } else if (trashed) {
            q.append(" and trashedWith = id");
        }
        if (starredOnly) {
            q.append(" and starred = true");
        }
        return find(q.toString(), Sort.descending("createdAt").and("id", Sort.Direction.Descending), p)
                .list();
    }

    public Uni<List<StoredFile>> recent(UUID ownerId, int limit) {
        return find(
                        "ownerId = ?1 and trashedAt is null",
                        Sort.descending("createdAt").and("id"),
                        ownerId)
                .page(0, limit)
                .list();
    }

    /** Recent files as /files/recent/ lists them: last opened first, never opened ones after them newest first. */
    public Uni<List<StoredFile>> recentlyAccessed(UUID ownerId, int limit) {
        return find(
                        "ownerId = ?1 and trashedAt is null",
                        Sort.by("lastAccessed", Sort.Direction.Descending, Sort.NullPrecedence.NULLS_LAST)
                                .and("createdAt", Sort.Direction.Descending)
                                .and("id", Sort.Direction.Descending),
                        ownerId)
                .page(0, limit)
                .list();
    }

    public Uni<Boolean> nameTaken(UUID ownerId, UUID folderId, String filename, UUID except) {
        return count(
                        "ownerId = ?1 and folderId = ?2 and lower(filename) = lower(?3) and trashedAt is null and id <> ?4",
                        ownerId,
                        folderId,
                        filename,
                        except == null ? new UUID(0, 0) : except)
                .map(n -> n > 0);
    }

    /** A live file in the folder with the same content, by SHA-256 or else MD5: a new file that has one is a 409. */
    public Uni<StoredFile> sameContentIn(UUID ownerId, UUID folderId, String sha256, String md5) {
        if (sha256 != null) {
            return find(
                            "ownerId = ?1 and folderId = ?2 and sha256 = ?3 and trashedAt is null",
                            ownerId,
                            folderId,
                            sha256)
                    .firstResult();
        }
        if (md5 != null) {
            return find("ownerId = ?1 and folderId = ?2 and md5 = ?3 and trashedAt is null", ownerId, folderId, md5)
                    .firstResult();
        }
        return Uni.createFrom().nullItem();
    }

    /** Everything counts against the quota until it is deleted for good: the trash and old versions too. */
    public Uni<Long> usedBytes(UUID ownerId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                        "select coalesce(sum(f.fileSize), 0) + (select coalesce(sum(v.fileSize), 0) from FileVersion v "
                                + "where v.ownerId = :owner) from StoredFile f where f.ownerId = :owner",
                        Long.class)
                .setParameter("owner", ownerId)
                .getSingleResult());
    }

    /** The files of one category, live or in the trash: how many, their bytes, and when the newest came. */
    public record CategoryTotal(String category, boolean trashed, long count, long size, OffsetDateTime newest) {}

    /** The owner's files by category and by whether they are in the trash; combinations without files are left out. */
    public Uni<List<CategoryTotal>> totalsByCategory(UUID ownerId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "SELECT category, trashed_at IS NOT NULL, count(*), coalesce(sum(file_size), 0), max(created_at) "
                                        + "FROM stored_file WHERE owner_id = ?1 GROUP BY 1, 2",
                                Object[].class)
                        .setParameter(1, ownerId)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new CategoryTotal(
                                (String) row[0],
                                (Boolean) row[1],
                                ((Number) row[2]).longValue(),
                                ((Number) row[3]).longValue(),
                                Times.utc(row[4])))
                        .toList());
    }

    /** "%" and "_" typed by a person mean themselves, not wildcards. */
    public static String containsPattern(String text) {
        String escaped = text.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
