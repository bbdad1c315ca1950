package dev.depot.analytics.service;

import dev.depot.analytics.ProcessingJob;
import dev.depot.analytics.repository.ProcessingJobRepository;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
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

    public Uni<Page<ProcessingJob>> list(UUID user, String status, UUID fileId, PageRequest page, UriInfo uri) {
        return jobs.count(user, status, fileId).chain(count -> jobs.page(user, status, fileId, page.size(), page.offset())
                .map(results -> page.page(count, results, uri)));
    }

    public Uni<ProcessingJob> one(UUID user, UUID id) {
        return jobs.find(user, id);
    }
}
