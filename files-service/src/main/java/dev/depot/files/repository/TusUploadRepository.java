package dev.depot.files.repository;

import dev.depot.files.TusUpload;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Resumable uploads' rows and their parts. Native statements: the offset only ever moves by a
 * conditional UPDATE, which is the whole point. Callers open the session or transaction.
 */
@ApplicationScoped
public class TusUploadRepository {

    public Uni<Void> insert(TusUpload u) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "INSERT INTO tus_upload (id, owner_id, folder_id, filename, length, conflict, "
                                        + "upload_offset, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)")
                        .setParameter(1, u.id())
                        .setParameter(2, u.ownerId())
                        .setParameter(3, u.folderId())
                        .setParameter(4, u.filename())
                        .setParameter(5, u.length())
                        .setParameter(6, u.conflict())
                        .setParameter(7, u.offset())
                        .setParameter(8, u.createdAt().atOffset(ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** The row as it is now in the database; null when there is none. */
    public Uni<TusUpload> find(UUID id) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "SELECT owner_id, folder_id, filename, length, conflict, upload_offset, created_at, "
                                        + "updated_at, file_id FROM tus_upload WHERE id = ?1",
                                Object[].class)
                        .setParameter(1, id)
                        .getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    Object[] r = rows.get(0);
                    return new TusUpload(
                            id,
                            (UUID) r[0],
                            (UUID) r[1],
                            (String) r[2],
                            ((Number) r[3]).longValue(),
                            (String) r[4],
                            ((Number) r[5]).longValue(),
                            instant(r[6]),
                            instant(r[7]),
                            (UUID) r[8]);
                });
    }

    /**
     * Moves the offset from {@code from} to {@code to} and records {@code part} as the bytes between,
     * only if the upload still stands at {@code from}: of two requests appending at the same offset, on
     * any replicas, exactly one gets true. Run it in a transaction.
     */
    public Uni<Boolean> advance(UUID id, long from, long to, String part, Instant now) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("UPDATE tus_upload SET upload_offset = ?3, updated_at = ?4 "
                                + "WHERE id = ?1 AND upload_offset = ?2 AND ?3 <= length")
                        .setParameter(1, id)
                        .setParameter(2, from)
                        .setParameter(3, to)
                        .setParameter(4, now.atOffset(ZoneOffset.UTC))
                        .executeUpdate()
                        .chain(rows -> rows != 1
                                ? Uni.createFrom().item(false)
                                : s.createNativeQuery(
                                                "INSERT INTO tus_upload_part (upload_id, part_offset, name) VALUES (?1, ?2, ?3)")
                                        .setParameter(1, id)
                                        .setParameter(2, from)
                                        .setParameter(3, part)
                                        .executeUpdate()
                                        .replaceWith(true)));
    }

    /** The names of the parts that count, in offset order. */
    public Uni<List<String>> parts(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT name FROM tus_upload_part WHERE upload_id = ?1 ORDER BY part_offset", String.class)
                .setParameter(1, id)
                .getResultList());
    }

    /** Deletes the row (its parts' rows go with it); answers whether there was one. */
    public Uni<Boolean> delete(UUID id) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("DELETE FROM tus_upload WHERE id = ?1")
                        .setParameter(1, id)
                        .executeUpdate())
                .map(rows -> rows == 1);
    }

    /**
     * Claims the completion of a complete upload, in the transaction that records its file: the row lock
     * this takes makes a second request completing the same upload wait, then find it claimed (false),
     * so the file is recorded once however many replicas try.
     */
    public Uni<Boolean> claimCompletion(UUID id, Instant now) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("UPDATE tus_upload SET updated_at = ?2 "
                                + "WHERE id = ?1 AND upload_offset = length AND file_id IS NULL")
                        .setParameter(1, id)
                        .setParameter(2, now.atOffset(ZoneOffset.UTC))
                        .executeUpdate())
                .map(rows -> rows == 1);
    }

    /** Records the file a claimed completion made (same transaction): HEAD answers it from now on. */
    public Uni<Void> completed(UUID id, UUID fileId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("UPDATE tus_upload SET file_id = ?2 WHERE id = ?1")
                        .setParameter(1, id)
                        .setParameter(2, fileId)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** The uploads idle since before {@code cutoff}. */
    public Uni<List<UUID>> idleSince(Instant cutoff) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("SELECT id FROM tus_upload WHERE updated_at < ?1", UUID.class)
                        .setParameter(1, cutoff.atOffset(ZoneOffset.UTC))
                        .getResultList());
    }

    /** Deletes the upload if it is still idle since before {@code cutoff} (a PATCH may just have come). */
    public Uni<Boolean> deleteIfIdleSince(UUID id, Instant cutoff) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("DELETE FROM tus_upload WHERE id = ?1 AND updated_at < ?2")
                        .setParameter(1, id)
                        .setParameter(2, cutoff.atOffset(ZoneOffset.UTC))
                        .executeUpdate())
                .map(rows -> rows == 1);
    }

    /** Which of {@code ids} have a row. */
    public Uni<Set<UUID>> existing(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "SELECT id FROM tus_upload WHERE id::text = ANY(string_to_array(?1, ','))", UUID.class)
                        // One text parameter: a list of any length binds the same way.
                        .setParameter(
                                1,
                                String.join(
                                        ",", ids.stream().map(UUID::toString).toList()))
                        .getResultList())
                .map(HashSet::new);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return ((Timestamp) value).toInstant();
    }
}
