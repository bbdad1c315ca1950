package dev.depot.files.rest.arkive;

import static dev.depot.files.rest.arkive.ArkiveRequests.checkOwner;

import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.PublicAddress;
import dev.depot.files.mapping.ArkiveViews;
import dev.depot.files.mapping.ArkiveViews.SearchResults;
import dev.depot.files.mapping.ArkiveViews.StorageView;
import dev.depot.files.mapping.ArkiveViews.TrashEmptied;
import dev.depot.files.service.Caller;
import dev.depot.files.service.FolderService;
import dev.depot.files.service.QuotaService;
import dev.depot.files.service.SearchService;
import dev.depot.files.service.TrashService;
import dev.depot.files.storage.SignedLinks;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** Arkive's whole-drive routes: /api/storage, /api/search and /api/empty-trash. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ArkiveDriveResource {

    private final QuotaService quotas;
    private final SearchService search;
    private final TrashService trash;
    private final FolderService folders;
    private final SignedLinks links;
    private final CurrentUser currentUser;

    public ArkiveDriveResource(
            QuotaService quotas,
            SearchService search,
            TrashService trash,
            FolderService folders,
            SignedLinks links,
            CurrentUser currentUser) {
        this.quotas = quotas;
        this.search = search;
        this.trash = trash;
        this.folders = folders;
        this.links = links;
        this.currentUser = currentUser;
    }

    @GET
    @Path("/storage")
    public Uni<StorageView> storage(@QueryParam("ownerId") String ownerId) {
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        return quotas.summary(caller).map(ArkiveViews::storage);
    }

    /** Names containing {@code q}, any case, trashed items left out; at most 50 files and 50 folders. */
    @GET
    @Path("/search")
    public Uni<SearchResults> search(
            @QueryParam("q") String q, @QueryParam("ownerId") String ownerId, @Context UriInfo uri) {
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        return search.search(caller, q).chain(r -> folders.rootId(caller.id())
                .map(root -> new SearchResults(
                        r.files().stream()
                                .map(h -> ArkiveViews.found(
                                        h.file(), h.folderName(), root, links.url(h.file(), PublicAddress.base(uri))))
                                .toList(),
                        r.folders().stream()
                                .map(f -> ArkiveViews.folder(f, root))
                                .toList())));
    }

    @DELETE
    @Path("/empty-trash")
    public Uni<TrashEmptied> emptyTrash(@QueryParam("ownerId") String ownerId) {
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        return trash.empty(caller)
                .map(d -> new TrashEmptied(true, d.deletedFiles(), d.deletedFolders(), "Trash emptied successfully"));
    }
}
