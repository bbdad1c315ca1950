package dev.depot.files.rest;

import dev.depot.common.security.CurrentUser;
import dev.depot.files.StoredFile;
import dev.depot.files.mapping.Views;
import dev.depot.files.mapping.Views.FileView;
import dev.depot.files.mapping.Views.FolderView;
import dev.depot.files.service.Caller;
import dev.depot.files.service.QuotaService;
import dev.depot.files.service.QuotaService.Summary;
import dev.depot.files.service.SearchService;
import dev.depot.files.service.ViewDetails;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Global search (/api/cdn/search/) and storage usage (/api/cdn/storage/) of the caller. */
@Path("/api/cdn")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class SearchResource {

    private final SearchService search;
    private final QuotaService quotas;
    private final CurrentUser currentUser;
    private final ViewDetails details;

    public SearchResource(SearchService search, QuotaService quotas, CurrentUser currentUser, ViewDetails details) {
        this.details = details;
        this.search = search;
        this.quotas = quotas;
        this.currentUser = currentUser;
    }

    /** The search answer CDN clients read: the query, and the hits of each kind under results. */
    public record SearchView(String query, Results results) {}

    public record Results(List<FileView> files, List<FolderView> folders) {}

    /** Most hits of each kind one search answers with; the newest come first, a longer query narrows them. */
    static final int SEARCH_LIMIT = 20;

    /** Files and folders whose name contains q, newest first. */
    @GET
    @Path("/search")
    public Uni<SearchView> search(@QueryParam("q") String q) {
        return search.newest(Caller.of(currentUser), q, SEARCH_LIMIT).chain(r -> {
            List<StoredFile> files =
                    r.files().stream().map(SearchService.FileHit::file).toList();
            return details.of(r.folders(), files)
                    .map(d -> new SearchView(
                            q,
                            new Results(
                                    r.files().stream()
                                            .map(h -> Views.file(h.file(), h.folderName(), d))
                                            .toList(),
                                    r.folders().stream()
                                            .map(f -> Views.folder(f, d))
                                            .toList())));
        });
    }

    @GET
    @Path("/storage")
    public Uni<Summary> storage() {
        return quotas.summary(Caller.of(currentUser));
    }
}
