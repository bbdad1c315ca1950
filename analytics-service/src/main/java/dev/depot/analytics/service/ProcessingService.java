package dev.depot.analytics.service;

import dev.depot.analytics.ProcessingJob;
import dev.depot.analytics.repository.ProcessingJobRepository;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PageResults;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;

/** The user's processing jobs (thumbnails, previews, metadata), as processing-worker's events tell them. */
@ApplicationScoped
public class ProcessingService {

    public static final Set<String> STATUSES = Set.of("queued", "processing", "completed", "skipped", "failed");

    private final ProcessingJobRepository jobs;

    public ProcessingService(ProcessingJobRepository jobs) {
        this.jobs = jobs;
    }

    public Uni<PageResults<ProcessingJob>> list(UUID user, String status, UUID fileId, PageRequest page) {
        return jobs.count(user, status, fileId)
                .chain(count -> jobs.page(user, status, fileId, page.size(), page.offset())
                        .map(results -> new PageResults<>(count, results)));
    }

    public Uni<ProcessingJob> one(UUID user, UUID id) {
        return jobs.find(user, id);
    }
}
