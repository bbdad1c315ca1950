package dev.depot.files.consistency;

import dev.depot.blobstore.BlobInfo;
import dev.depot.blobstore.BlobStore;
import dev.depot.common.consistency.ConsistencyCheck;
import dev.depot.common.consistency.ConsistencyCheck.Finding;
import dev.depot.common.consistency.ConsistencyChecks;
import dev.depot.files.config.FilesConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The invariants of files-service's data: the folder tree is a tree with every stored path equal
 * to the one its parents spell, files sit in folders of their owner, and bytes and rows match both
 * ways (every row's blob exists; every blob is named by a row, or is younger than the collector's
 * grace period because its row may still be on its way).
 */
@ApplicationScoped
public class FilesConsistency implements ConsistencyChecks {

    /** Every column that names a blob. */
    static final String BLOB_REFERENCES = "SELECT storage_path AS sha FROM stored_file WHERE storage_path IS NOT NULL "
            + "UNION SELECT storage_path FROM file_version WHERE storage_path IS NOT NULL "
            + "UNION SELECT thumbnail_sha256 FROM stored_file WHERE thumbnail_sha256 IS NOT NULL "
            + "UNION SELECT preview_sha256 FROM stored_file WHERE preview_sha256 IS NOT NULL";

    static final List<ConsistencyCheck> SQL = List.of(
            new ConsistencyCheck(
                    "folder_cycles",
                    "folders whose chain of parents loops",
                    "WITH RECURSIVE up(start, id, parent_id) AS (SELECT id, id, parent_id FROM folder "
                            + "UNION ALL SELECT u.start, f.id, f.parent_id FROM folder f JOIN up u ON f.id = u.parent_id) "
                            + "CYCLE id SET cyclic USING route "
                            + "SELECT DISTINCT start::text FROM up WHERE cyclic"),
            new ConsistencyCheck(
                    "folder_paths",
                    "folders whose stored path is not the path their parents spell " + "(or that no root reaches)",
                    "WITH RECURSIVE down(id, path) AS (SELECT id, '/'::text FROM folder WHERE is_root "
                            + "UNION ALL SELECT f.id, CASE WHEN s.path = '/' THEN '/' || f.name ELSE s.path || '/' || f.name END "
                            + "FROM folder f JOIN down s ON f.parent_id = s.id) CYCLE id SET cyclic USING route "
                            + "SELECT f.id || ' stored ' || f.path || ' expected ' || coalesce(d.path, '(unreachable)') "
                            + "FROM folder f LEFT JOIN down d ON d.id = f.id AND NOT d.cyclic "
                            + "WHERE d.path IS DISTINCT FROM f.path"),
            new ConsistencyCheck(
                    "folder_roots",
                    "owners without exactly one root folder, and roots with a parent",
                    "SELECT owner_id || ' has ' || count(*) || ' roots' FROM folder WHERE is_root GROUP BY owner_id "
                            + "HAVING count(*) <> 1 "
                            + "UNION ALL SELECT id || ' is a root with a parent' FROM folder WHERE is_root AND parent_id IS NOT NULL "
                            + "UNION ALL SELECT id || ' has no parent' FROM folder WHERE NOT is_root AND parent_id IS NULL"),
            new ConsistencyCheck(
                    "folder_owners",
                    "folders inside another owner's folder",
                    "SELECT f.id::text FROM folder f JOIN folder p ON p.id = f.parent_id WHERE p.owner_id <> f.owner_id"),
            new ConsistencyCheck(
                    "file_folders",
                    "files whose folder is missing, another owner's, or in the trash while they are not",
                    "SELECT f.id::text FROM stored_file f LEFT JOIN folder d ON d.id = f.folder_id "
                            + "WHERE d.id IS NULL OR d.owner_id <> f.owner_id "
                            + "OR (f.trashed_at IS NULL AND d.trashed_at IS NOT NULL)"),
            new ConsistencyCheck(
                    "live_names",
                    "two live entries with one name in one folder",
                    "SELECT parent_id || '/' || lower(name) FROM folder WHERE trashed_at IS NULL AND NOT is_root "
                            + "GROUP BY owner_id, parent_id, lower(name) HAVING count(*) > 1"));

    private final BlobStore blobs;
    private final Pool pool;
    private final Vertx vertx;
    private final Duration grace;
    private final Clock clock;

    public FilesConsistency(BlobStore blobs, Pool pool, Vertx vertx, FilesConfig config, Clock clock) {
        this.blobs = blobs;
        this.pool = pool;
        this.vertx = vertx;
        this.grace = config.blobGracePeriod();
        this.clock = clock;
    }

    @Override
    public List<ConsistencyCheck> sqlChecks() {
        return SQL;
    }

    @Override
    public Uni<List<Finding>> otherChecks() {
        return pool.query(BLOB_REFERENCES)
                .execute()
                .map(rows -> {
                    Set<String> referenced = new HashSet<>();
                    for (Row row : rows) {
                        referenced.add(row.getString(0));
                    }
                    return referenced;
                })
                .chain(referenced -> vertx.executeBlocking(Uni.createFrom().item(() -> onDisk(referenced))));
    }

    /** Compares the blob store with the rows; walks the disk, so it runs on a worker thread. */
    private List<Finding> onDisk(Set<String> referenced) {
        Instant settled = clock.instant().minus(grace);
        Set<String> stored = new HashSet<>();
        List<String> unowned = new ArrayList<>();
        try (Stream<BlobInfo> all = blobs.list()) {
            all.forEach(b -> {
                stored.add(b.sha256());
                if (!referenced.contains(b.sha256()) && b.lastModified().isBefore(settled)) {
                    unowned.add(blobs.describe(b.sha256()));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> files = Files.walk(blobs.temporaryDirectory())) {
            files.filter(Files::isRegularFile)
                    .filter(p -> modified(p).isBefore(settled))
                    .forEach(p -> unowned.add(p.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> missing = referenced.stream()
                .filter(sha -> !stored.contains(sha))
                .sorted()
                .toList();
        return List.of(
                finding("blobs_missing", "rows whose blob is not in the blob store", missing),
                finding("blobs_unowned", "blobs and temporary files that no row names, older than " + grace, unowned));
    }

    private static Finding finding(String name, String description, List<String> problems) {
        return new Finding(
                name, description, problems.size(), problems.stream().limit(10).toList());
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.MAX; // gone meanwhile: nothing to report
        }
    }
}
