package dev.depot.analytics.projection;

import dev.depot.analytics.projection.Changes.Kind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes {@link Changes} in the caller's transaction: each kind of change is one statement executed
 * for all its tuples in one batch (pipelined), so a poll of many events costs a handful of round trips.
 */
public final class ReadModelWriter {

    /** The inbox consumer name: the event ids applied to the read models. */
    public static final String CONSUMER = "analytics";

    static final String INBOX =
            "INSERT INTO inbox_event (consumer, event_id) SELECT $1, e FROM unnest($2::uuid[]) AS e "
                    + "ON CONFLICT DO NOTHING RETURNING event_id";

    /** Metadata guarded by meta_at, state by state_at; deleted is final. */
    static final String FOLDER =
            "INSERT INTO folder_node AS n (folder_id, owner_id, name, parent_id, path, meta_at, state, state_at, created_at) "
                    + "VALUES ($1, $2, $3, $4, $5, $6, coalesce($7::text, 'live'), $8::timestamptz, $6) "
                    + "ON CONFLICT (folder_id) DO UPDATE SET "
                    + newer("n", "name") + ", " + newer("n", "parent_id") + ", " + newer("n", "path") + ", "
                    + "meta_at = GREATEST(n.meta_at, EXCLUDED.meta_at), "
                    + state("n", "$7", "$8") + ", "
                    + "created_at = LEAST(n.created_at, EXCLUDED.created_at)";

    static final String FILE =
            "INSERT INTO file_stat AS f (file_id, owner_id, filename, folder_id, file_size, mime_type, category, sha256, starred, meta_at, state, state_at, created_at) "
                    + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::text, 'live'), $12::timestamptz, $10) "
                    + "ON CONFLICT (file_id) DO UPDATE SET "
                    + newer("f", "filename") + ", " + newer("f", "folder_id") + ", " + newer("f", "file_size") + ", "
                    + newer("f", "mime_type") + ", " + newer("f", "category") + ", " + newer("f", "sha256") + ", "
                    + newer("f", "starred") + ", "
                    + "meta_at = GREATEST(f.meta_at, EXCLUDED.meta_at), "
                    + state("f", "$11", "$12") + ", "
                    + "created_at = LEAST(f.created_at, EXCLUDED.created_at)";

    /** Counters are sums: any order gives the same result. A file not heard of yet gets a row without metadata. */
    static final String FILE_COUNTERS =
            "INSERT INTO file_stat AS f (file_id, owner_id, downloads, share_views, share_downloads, last_accessed_at, created_at) "
                    + "VALUES ($1, $2, $3, $4, $5, $6, $6) "
                    + "ON CONFLICT (file_id) DO UPDATE SET downloads = f.downloads + EXCLUDED.downloads, "
                    + "share_views = f.share_views + EXCLUDED.share_views, "
                    + "share_downloads = f.share_downloads + EXCLUDED.share_downloads, "
                    + "last_accessed_at = GREATEST(f.last_accessed_at, EXCLUDED.last_accessed_at)";

    static final String FILE_DAILY =
            "INSERT INTO file_daily AS d (file_id, day, owner_id, downloads, share_views, share_downloads) "
                    + "VALUES ($1, $2, $3, $4, $5, $6) "
                    + "ON CONFLICT (file_id, day) DO UPDATE SET downloads = d.downloads + EXCLUDED.downloads, "
                    + "share_views = d.share_views + EXCLUDED.share_views, share_downloads = d.share_downloads + EXCLUDED.share_downloads";

    static final String OWNER_DAILY =
            "INSERT INTO owner_daily AS d (owner_id, day, downloads, share_views, share_downloads, share_uploads) "
                    + "VALUES ($1, $2, $3, $4, $5, $6) "
                    + "ON CONFLICT (owner_id, day) DO UPDATE SET downloads = d.downloads + EXCLUDED.downloads, "
                    + "share_views = d.share_views + EXCLUDED.share_views, share_downloads = d.share_downloads + EXCLUDED.share_downloads, "
                    + "share_uploads = d.share_uploads + EXCLUDED.share_uploads";

    /** Status guarded by status_at, results by result_at; runs count the starts. */
    static final String JOB =
            "INSERT INTO processing_job AS j (id, file_id, owner_id, source_sha256, status, status_at, runs, reason, "
                    + "thumbnail_sha256, preview_sha256, width, height, taken_at, page_count, duration_ms, result_at, queued_at, started_at, finished_at, created_at) "
                    + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $6) "
                    + "ON CONFLICT (id) DO UPDATE SET "
                    + "status = CASE WHEN j.status_at <= EXCLUDED.status_at THEN EXCLUDED.status ELSE j.status END, "
                    + "reason = CASE WHEN j.status_at <= EXCLUDED.status_at THEN EXCLUDED.reason ELSE j.reason END, "
                    + "status_at = GREATEST(j.status_at, EXCLUDED.status_at), "
                    + "runs = j.runs + EXCLUDED.runs, "
                    + result("thumbnail_sha256") + ", " + result("preview_sha256") + ", " + result("width") + ", "
                    + result("height") + ", " + result("taken_at") + ", " + result("page_count") + ", "
                    + result("duration_ms") + ", "
                    + "result_at = GREATEST(j.result_at, EXCLUDED.result_at), "
                    + "queued_at = GREATEST(j.queued_at, EXCLUDED.queued_at), "
                    + "started_at = GREATEST(j.started_at, EXCLUDED.started_at), "
                    + "finished_at = GREATEST(j.finished_at, EXCLUDED.finished_at), "
                    + "created_at = LEAST(j.created_at, EXCLUDED.created_at)";

    /** Guarded by meta_at; a newer event that leaves a field out does not blank it. */
    static final String USER =
            "INSERT INTO user_profile AS u (user_id, username, email, display_name, avatar_url, meta_at) "
                    + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET "
                    + "username = CASE WHEN u.meta_at <= EXCLUDED.meta_at THEN coalesce(EXCLUDED.username, u.username) ELSE coalesce(u.username, EXCLUDED.username) END, "
                    + "email = CASE WHEN u.meta_at <= EXCLUDED.meta_at THEN coalesce(EXCLUDED.email, u.email) ELSE coalesce(u.email, EXCLUDED.email) END, "
                    + "display_name = CASE WHEN u.meta_at <= EXCLUDED.meta_at THEN coalesce(EXCLUDED.display_name, u.display_name) ELSE coalesce(u.display_name, EXCLUDED.display_name) END, "
                    + "avatar_url = CASE WHEN u.meta_at <= EXCLUDED.meta_at THEN coalesce(EXCLUDED.avatar_url, u.avatar_url) ELSE coalesce(u.avatar_url, EXCLUDED.avatar_url) END, "
                    + "meta_at = GREATEST(u.meta_at, EXCLUDED.meta_at)";

    /** The resource's name, when the event does not carry it, is the file's or folder's name at this moment. */
    static final String ACTIVITY =
            "INSERT INTO activity_entry (id, event_id, user_id, action, resource_type, resource_id, resource_name, "
                    + "occurred_at, client_ip, user_agent, details) "
                    + "VALUES ($1, $2, $3, $4, $5, $6, coalesce($7::text, (SELECT filename FROM file_stat WHERE file_id = $8::uuid), "
                    + "(SELECT name FROM folder_node WHERE folder_id = $9::uuid)), $10, $11, $12, $13) "
                    + "ON CONFLICT (event_id) DO NOTHING";

    /** A delivery for each of the user's active webhooks that subscribed to the type and existed when it happened. */
    static final String DELIVERY =
            "INSERT INTO webhook_delivery (id, webhook_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at) "
                    + "SELECT gen_random_uuid(), w.id, $1, $2, $3, 'pending', 0, now(), now() FROM webhook w "
                    + "WHERE w.owner_id = $4 AND w.active AND ($2::text = ANY (w.event_types) OR '*' = ANY (w.event_types)) "
                    + "AND w.created_at <= $5 "
                    + "ON CONFLICT (webhook_id, event_id) DO NOTHING";

    private static final Map<Kind, String> STATEMENTS = Map.of(
            Kind.FOLDER,
            FOLDER,
            Kind.FILE,
            FILE,
            Kind.FILE_COUNTERS,
            FILE_COUNTERS,
            Kind.FILE_DAILY,
            FILE_DAILY,
            Kind.OWNER_DAILY,
            OWNER_DAILY,
            Kind.JOB,
            JOB,
            Kind.USER,
            USER,
            Kind.ACTIVITY,
            ACTIVITY,
            Kind.DELIVERY,
            DELIVERY);

    private ReadModelWriter() {}

    /** Records the ids in the inbox; answers those not applied before (each once). */
    public static Uni<Set<UUID>> firstDeliveries(SqlConnection conn, List<UUID> eventIds) {
        return conn.preparedQuery(INBOX)
                .execute(Tuple.of(CONSUMER, eventIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> fresh = new HashSet<>();
                    rows.forEach(row -> fresh.add(row.getUUID(0)));
                    return fresh;
                });
    }

    /** Writes the changes; answers how many webhook deliveries were queued. */
    public static Uni<Integer> write(SqlConnection conn, Changes changes) {
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (Kind kind : Kind.values()) {
            List<Tuple> tuples = changes.of(kind);
            if (tuples.isEmpty()) {
                continue;
            }
            chain = chain.chain(() -> conn.preparedQuery(STATEMENTS.get(kind))
                    .executeBatch(tuples)
                    .map(rows -> kind == Kind.DELIVERY ? rowCount(rows) : 0));
        }
        return chain;
    }

    private static int rowCount(RowSet<?> rows) {
        int n = 0;
        for (RowSet<?> r = rows; r != null; r = r.next()) {
            n += r.rowCount();
        }
        return n;
    }

    private static String newer(String t, String column) {
        return column + " = CASE WHEN " + t + ".meta_at IS NULL OR " + t + ".meta_at <= EXCLUDED.meta_at THEN EXCLUDED."
                + column + " ELSE " + t + "." + column + " END";
    }

    private static String state(String t, String state, String at) {
        return "state = CASE WHEN " + t + ".state = 'deleted' THEN " + t + ".state WHEN " + state
                + "::text IS NOT NULL AND ("
                + t + ".state_at IS NULL OR " + t + ".state_at <= " + at + "::timestamptz) THEN " + state
                + "::text ELSE "
                + t + ".state END, state_at = GREATEST(" + t + ".state_at, " + at + "::timestamptz)";
    }

    private static String result(String column) {
        return column
                + " = CASE WHEN EXCLUDED.result_at IS NOT NULL AND (j.result_at IS NULL OR j.result_at <= EXCLUDED.result_at) "
                + "THEN EXCLUDED." + column + " ELSE j." + column + " END";
    }
}
