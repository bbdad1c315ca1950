package dev.depot.analytics.consistency;

import dev.depot.common.consistency.ConsistencyCheck;
import dev.depot.common.consistency.ConsistencyChecks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The invariants of the read models: every counter equals the daily rows it summarises. */
@ApplicationScoped
public class AnalyticsConsistency implements ConsistencyChecks {

    static final List<ConsistencyCheck> SQL = List.of(
            new ConsistencyCheck(
                    "file_counters",
                    "files whose totals differ from the sum of their days",
                    "SELECT f.file_id::text FROM file_stat f LEFT JOIN (SELECT file_id, sum(downloads) AS downloads, "
                            + "sum(share_views) AS share_views, sum(share_downloads) AS share_downloads FROM file_daily "
                            + "GROUP BY file_id) d ON d.file_id = f.file_id "
                            + "WHERE f.downloads <> coalesce(d.downloads, 0) OR f.share_views <> coalesce(d.share_views, 0) "
                            + "OR f.share_downloads <> coalesce(d.share_downloads, 0)"),
            new ConsistencyCheck(
                    "owner_days",
                    "owner days that count fewer downloads than their files' days",
                    "SELECT o.owner_id || ' ' || o.day FROM owner_daily o JOIN (SELECT owner_id, day, sum(downloads) AS downloads, "
                            + "sum(share_downloads) AS share_downloads FROM file_daily GROUP BY owner_id, day) d "
                            + "ON d.owner_id = o.owner_id AND d.day = o.day "
                            + "WHERE o.downloads < d.downloads OR o.share_downloads < d.share_downloads"),
            new ConsistencyCheck(
                    "folder_cycles",
                    "folders whose chain of parents loops (the dashboard's trash query walks it)",
                    "WITH RECURSIVE up(start, id, parent_id) AS (SELECT folder_id, folder_id, parent_id FROM folder_node "
                            + "UNION ALL SELECT u.start, f.folder_id, f.parent_id FROM folder_node f JOIN up u ON f.folder_id = u.parent_id) "
                            + "CYCLE id SET cyclic USING route SELECT DISTINCT start::text FROM up WHERE cyclic"));

    @Override
    public List<ConsistencyCheck> sqlChecks() {
        return SQL;
    }
}
