package dev.depot.analytics.repository;

import static dev.depot.analytics.repository.WebhookRepository.first;
import static dev.depot.analytics.repository.WebhookRepository.list;

import dev.depot.analytics.ProcessingJob;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The user's processing jobs, newest change first, with the file's current name. */
@ApplicationScoped
public class ProcessingJobRepository {

    private static final String FROM = " FROM processing_job j LEFT JOIN file_stat f ON f.file_id = j.file_id "
            + "WHERE j.owner_id = $1 AND ($2::text IS NULL OR j.status = $2) AND ($3::uuid IS NULL OR j.file_id = $3)";

    private final Pool pool;

    public ProcessingJobRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Long> count(UUID owner, String status, UUID fileId) {
        return pool.preparedQuery("SELECT count(*)" + FROM)
                .execute(Tuple.of(owner, status, fileId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<List<ProcessingJob>> page(UUID owner, String status, UUID fileId, int limit, long offset) {
        return pool.preparedQuery("SELECT " + ProcessingJob.COLUMNS + FROM
                        + " ORDER BY j.status_at DESC, j.id LIMIT $4 OFFSET $5")
                .execute(Tuple.from(java.util.Arrays.asList(owner, status, fileId, limit, offset)))
                .map(rows -> list(rows.iterator(), ProcessingJob::of));
    }

    public Uni<ProcessingJob> find(UUID owner, UUID id) {
        return pool.preparedQuery("SELECT " + ProcessingJob.COLUMNS + FROM + " AND j.id = $4")
                .execute(Tuple.from(java.util.Arrays.asList(owner, null, null, id)))
                .map(rows -> first(rows.iterator(), ProcessingJob::of));
    }
}
