package dev.depot.files.service;

import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.files.StoredFile;
import dev.depot.files.repository.FileRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** Reading and changing file metadata, always scoped to the owner. */
@ApplicationScoped
public class FileService {

    private final FileRepository files;

    public FileService(FileRepository files) {
        this.files = files;
    }

    @WithSession
    public Uni<Page<StoredFile>> list(UUID ownerId, PageRequest page, UriInfo uri) {
        var query = files.liveOf(ownerId);
        return query.count().chain(count -> query.page(page.page() - 1, page.size()).list()
                .map(results -> page.page(count, results, uri)));
    }
}
