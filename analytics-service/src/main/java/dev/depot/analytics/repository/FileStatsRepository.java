package dev.depot.analytics.repository;

import static dev.depot.analytics.repository.WebhookRepository.first;
import static dev.depot.analytics.repository.WebhookRepository.list;

import dev.depot.analytics.FileStat;
import dev.depot.analytics.query.FileOrdering;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The user's files and folders as the events left them, and their access counters. Files inside a
 * trashed or deleted folder had no events of their own: every query works out, from the folders, which
 * ones went with their folder ({@link #HIDDEN}).
 */
@ApplicationScoped
public class FileStatsRepository {

    /** The user's ($1) folders that are trashed or deleted themselves or below one that is; gone = deleted. */
    static final String HIDDEN = "WITH RECURSIVE hidden(id, gone) AS ("
            + "SELECT folder_id, state = 'deleted' FROM folder_node WHERE owner_id = $1 AND state <> 'live' "
            + "UNION SELECT c.folder_id, h.gone FROM folder_node c JOIN hidden h ON c.parent_id = h.id) ";

    /** Files the user sees in their drive: known, live, and in no trashed or deleted folder. */
    static final String VISIBLE = "f.owner_id = $1 AND f.meta_at IS NOT NULL AND f.state = 'live' "
            + "AND NOT EXISTS (SELECT 1 FROM hidden h WHERE h.id = f.folder_id)";

    /** Files that still exist, in the drive or in the trash. */
    static final String EXISTING = "f.owner_id = $1 AND f.meta_at IS NOT NULL AND f.state <> 'deleted' "
            + "AND NOT EXISTS (SELECT 1 FROM hidden h WHERE h.id = f.folder_id AND h.gone)";

    static final String IN_TRASH =
            "(f.state = 'trashed' OR EXISTS (SELECT 1 FROM hidden h WHERE h.id = f.folder_id)) AS in_trash";

    private final Pool pool;

    public FileStatsRepository(Pool pool) {
        this.pool = pool;
    }

    /** What the user's visible files take together. */
    public record Usage(long files, long size) {}

    /** What the user's visible files of one MIME type take; category is files-service's for that type. */
    public record MimeUsage(String mimeType, String category, long files, long size) {}

    public record Totals(LocalDate day, long downloads, long shareViews, long shareDownloads, long shareUploads) {}

    public record Top(UUID fileId, String filename, long downloads, long shareViews, long shareDownloads, long total) {}

    public Uni<Usage> usage(UUID owner) {
        return pool.preparedQuery(HIDDEN + "SELECT count(*) AS files, coalesce(sum(f.file_size), 0)::bigint AS size "
                        + "FROM file_stat f WHERE " + VISIBLE)
                .execute(Tuple.of(owner))
                .map(rows -> first(rows.iterator(), r -> new Usage(r.getLong("files"), r.getLong("size"))));
    }

    /** The MIME types that take the most room among the user's visible files, largest first. */
    public Uni<List<MimeUsage>> usageByMimeType(UUID owner, int limit) {
        return pool.preparedQuery(HIDDEN + "SELECT coalesce(f.mime_type, 'application/octet-stream') AS mime_type, "
                        + "min(coalesce(f.category, 'others')) AS category, count(*) AS files, "
                        + "coalesce(sum(f.file_size), 0)::bigint AS size FROM file_stat f WHERE " + VISIBLE
                        + " GROUP BY 1 ORDER BY 4 DESC, 3 DESC, 1 LIMIT $2")
                .execute(Tuple.of(owner, limit))
                .map(rows -> list(
                        rows.iterator(),
                        r -> new MimeUsage(
                                r.getString("mime_type"),
                                r.getString("category"),
                                r.getLong("files"),
                                r.getLong("size"))));
    }

    public Uni<Long> visibleFolders(UUID owner) {
        return pool.preparedQuery(
                        HIDDEN + "SELECT count(*) FROM folder_node n WHERE n.owner_id = $1 AND n.meta_at IS NOT NULL "
                                + "AND n.state = 'live' AND NOT EXISTS (SELECT 1 FROM hidden h WHERE h.id = n.folder_id)")
                .execute(Tuple.of(owner))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<List<FileStat>> recentFiles(UUID owner, int limit) {
        return pool.preparedQuery(HIDDEN + "SELECT " + FileStat.COLUMNS + " FROM file_stat f WHERE " + VISIBLE
                        + " ORDER BY f.created_at DESC, f.file_id LIMIT $2")
                .execute(Tuple.of(owner, limit))
                .map(rows -> list(rows.iterator(), FileStat::of));
    }

    public Uni<Long> countExisting(UUID owner) {
        return pool.preparedQuery(HIDDEN + "SELECT count(*) FROM file_stat f WHERE " + EXISTING)
                .execute(Tuple.of(owner))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<List<FileStat>> pageOfExisting(UUID owner, FileOrdering ordering, int limit, long offset) {
        return pool.preparedQuery(HIDDEN + "SELECT " + FileStat.COLUMNS + ", " + IN_TRASH + " FROM file_stat f WHERE "
                        + EXISTING + " ORDER BY " + orderBy(ordering) + ", f.file_id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(owner, limit, offset))
                .map(rows -> list(rows.iterator(), FileStat::of));
    }

    public Uni<FileStat> findExisting(UUID owner, UUID fileId) {
        return pool.preparedQuery(HIDDEN + "SELECT " + FileStat.COLUMNS + ", " + IN_TRASH + " FROM file_stat f WHERE "
                        + EXISTING + " AND f.file_id = $2")
                .execute(Tuple.of(owner, fileId))
                .map(rows -> first(rows.iterator(), FileStat::of));
    }

    public Uni<List<Totals>> dailyOfOwner(UUID owner, LocalDate from, LocalDate to) {
        return pool.preparedQuery("SELECT day, downloads, share_views, share_downloads, share_uploads FROM owner_daily "
                        + "WHERE owner_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day")
                .execute(Tuple.of(owner, from, to))
                .map(rows -> list(rows.iterator(), FileStatsRepository::totals));
    }

    public Uni<List<Totals>> dailyOfFile(UUID owner, UUID fileId, LocalDate from, LocalDate to) {
        return pool.preparedQuery(
                        "SELECT day, downloads, share_views, share_downloads, 0::bigint AS share_uploads FROM file_daily "
                                + "WHERE file_id = $1 AND owner_id = $2 AND day BETWEEN $3 AND $4 ORDER BY day")
                .execute(Tuple.of(fileId, owner, from, to))
                .map(rows -> list(rows.iterator(), FileStatsRepository::totals));
    }

    /** The most accessed existing files in the range. */
    public Uni<List<Top>> top(UUID owner, LocalDate from, LocalDate to, int limit) {
        return pool.preparedQuery(HIDDEN + "SELECT d.file_id, f.filename, sum(d.downloads)::bigint AS downloads, "
                        + "sum(d.share_views)::bigint AS share_views, sum(d.share_downloads)::bigint AS share_downloads, "
                        + "sum(d.downloads + d.share_views + d.share_downloads)::bigint AS total "
                        + "FROM file_daily d JOIN file_stat f ON f.file_id = d.file_id "
                        + "WHERE d.owner_id = $1 AND d.day BETWEEN $2 AND $3 AND " + EXISTING
                        + " GROUP BY d.file_id, f.filename ORDER BY total DESC, d.file_id LIMIT $4")
                .execute(Tuple.of(owner, from, to, limit))
                .map(rows -> list(
                        rows.iterator(),
                        r -> new Top(
                                r.getUUID("file_id"),
                                r.getString("filename"),
                                r.getLong("downloads"),
                                r.getLong("share_views"),
                                r.getLong("share_downloads"),
                                r.getLong("total"))));
    }

    private static String orderBy(FileOrdering ordering) {
        return switch (ordering) {
            case TOTAL -> "(f.downloads + f.share_views + f.share_downloads) DESC";
            case DOWNLOADS -> "f.downloads DESC";
            case SHARE_VIEWS -> "f.share_views DESC";
            case SHARE_DOWNLOADS -> "f.share_downloads DESC";
            case LAST_ACCESSED -> "f.last_accessed_at DESC NULLS LAST";
            case CREATED_AT -> "f.created_at DESC";
            case FILENAME -> "f.filename ASC";
        };
    }

    private static Totals totals(Row r) {
        return new Totals(
                r.getLocalDate("day"),
                r.getLong("downloads"),
                r.getLong("share_views"),
                r.getLong("share_downloads"),
                r.getLong("share_uploads"));
    }
}
