package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.files.Folder;
import dev.depot.files.Names;
import dev.depot.files.StoredFile;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.repository.FileRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Case-insensitive substring search on names, served by the trigram indexes on lower(name);
 * trashed items are left out and '%' and '_' mean themselves.
 */
@ApplicationScoped
public class SearchService {

    private final FilesConfig config;

    public SearchService(FilesConfig config) {
        this.config = config;
    }

    public record FileHit(StoredFile file, String folderName) {}

    public record Results(List<FileHit> files, List<Folder> folders) {}

    /** Up to depot.files.search-limit of each kind, by name. */
    @WithSession
    public Uni<Results> search(Caller caller, String q) {
        return search(caller.id(), q, config.searchLimit(), "filename, f.id", "name, d.id");
    }

    /** Up to {@code limit} of each kind, newest first: what /api/cdn/search/ answers. */
    @WithSession
    public Uni<Results> newest(Caller caller, String q, int limit) {
        return search(caller.id(), q, limit, "createdAt desc, f.id desc", "createdAt desc, d.id desc");
    }

    private Uni<Results> search(UUID ownerId, String q, int limit, String fileOrder, String folderOrder) {
        if (q == null || q.isBlank()) {
            throw ApiException.validation("q is required");
        }
        if (q.length() > 255) {
            throw ApiException.validation("q must be at most 255 characters");
        }
        String pattern = FileRepository.containsPattern(Names.searchTerm("q", q));
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                        "select f, d.name from StoredFile f join Folder d on d.id = f.folderId "
                                + "where f.ownerId = :owner and f.trashedAt is null and lower(f.filename) like :p escape '\\' "
                                + "order by f." + fileOrder,
                        Object[].class)
                .setParameter("owner", ownerId)
                .setParameter("p", pattern)
                .setMaxResults(limit)
                .getResultList()
                .chain(fileRows -> s.createSelectionQuery(
                                "from Folder d where d.ownerId = :owner and d.trashedAt is null and d.root = false "
                                        + "and lower(d.name) like :p escape '\\' order by d." + folderOrder,
                                Folder.class)
                        .setParameter("owner", ownerId)
                        .setParameter("p", pattern)
                        .setMaxResults(limit)
                        .getResultList()
                        .map(folderRows -> new Results(
                                fileRows.stream()
                                        .map(r -> new FileHit((StoredFile) r[0], (String) r[1]))
                                        .toList(),
                                folderRows))));
    }
}
