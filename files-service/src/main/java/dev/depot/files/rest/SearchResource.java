package dev.depot.files.rest;

import dev.depot.common.security.CurrentUser;
import dev.depot.files.mapping.Views;
import dev.depot.files.mapping.Views.FileView;
import dev.depot.files.mapping.Views.FolderView;
import dev.depot.files.service.SearchService;
import dev.depot.files.service.StorageService;
import dev.depot.files.service.StorageService.Summary;
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
    private final StorageService storage;
    private final CurrentUser currentUser;

    public SearchResource(SearchService search, StorageService storage, CurrentUser currentUser) {
        this.search = search;
        this.storage = storage;
        this.currentUser = currentUser;
    }

    public record SearchView(List<FileView> files, List<FolderView> folders) {
    }

    @GET
    @Path("/search")
    public Uni<SearchView> search(@QueryParam("q") String q) {
        return search.search(currentUser.id(), q).map(r -> new SearchView(
                r.files().stream().map(h -> Views.file(h.file(), h.folderName())).toList(),
                r.folders().stream().map(Views::folder).toList()));
    }

    @GET
    @Path("/storage")
    public Uni<Summary> storage() {
        return storage.summary(currentUser.id());
    }
}
