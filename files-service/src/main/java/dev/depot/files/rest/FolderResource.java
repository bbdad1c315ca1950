package dev.depot.files.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.files.Folder;
import dev.depot.files.mapping.Views;
import dev.depot.files.mapping.Views.ContentsView;
import dev.depot.files.mapping.Views.FolderView;
import dev.depot.files.mapping.Views.RootView;
import dev.depot.files.mapping.Views.Toggle;
import dev.depot.files.service.Caller;
import dev.depot.files.service.FolderService;
import dev.depot.files.service.UploadService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** /api/cdn/folders/: the caller's folder tree, and folders others share with the caller. */
@Path("/api/cdn/folders")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class FolderResource {

    private final FolderService folders;
    private final UploadService uploads;
    private final CurrentUser currentUser;
    private final CdnViews views;

    public FolderResource(FolderService folders, UploadService uploads, CurrentUser currentUser, CdnViews views) {
        this.views = views;
        this.folders = folders;
        this.uploads = uploads;
        this.currentUser = currentUser;
    }

    /**
     * POST, PUT and PATCH bodies; on PATCH a missing field stays as it is. A client may PUT back the
     * folder as it read it: what only the view shows is ignored; anything else unknown is refused.
     */
    @JsonIgnoreProperties({
        "id",
        "owner",
        "owner_detail",
        "path",
        "full_path",
        "is_root",
        "is_starred",
        "is_trashed",
        "children_count",
        "files_count",
        "created_at",
        "updated_at"
    })
    public record FolderRequest(String name, UUID parent) {}

    @GET
    @Path("/")
    public Uni<Page<FolderView>> list(
            @QueryParam("parent") UUID parent,
            @QueryParam("starred") Boolean starred,
            @QueryParam("page") String page,
            @QueryParam("page_size") String pageSize,
            @Context UriInfo uri) {
        PageRequest requested = QueryParams.page(page, pageSize);
        return folders.list(caller(), parent, starred, requested)
                .map(found -> requested.page(found, uri))
                .chain(views::folders);
    }

    @POST
    @Path("/")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@NotNull FolderRequest body) {
        return folders.create(caller(), body.name(), body.parent())
                .chain(this::view)
                .map(v -> Response.status(201).entity(v).build());
    }

    /** Arkive's folder upload: each part's name is the file's path relative to {@code parent_folder_id}. */
    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(
            @RestForm(FileUpload.ALL) List<FileUpload> parts,
            @RestForm("parent_folder_id") UUID parent,
            MultipartFormDataInput form) {
        FormFields.requireOnly(form, Set.of("parent_folder_id"), true);
        List<UploadService.Part> files = FormFields.folderParts(parts);
        return uploads.uploadFolder(caller(), parent, files).map(done -> Response.status(201)
                .entity(new FolderUploadView(true, done.folderId(), done.folderName(), done.filesUploaded()))
                .build());
    }

    public record FolderUploadView(boolean success, UUID folderId, String folderName, int filesUploaded) {}

    /** The caller's root and everything directly in it, unpaged. */
    @GET
    @Path("/root")
    public Uni<RootView> root() {
        return folders.allContents(caller(), null)
                .chain(this::contents)
                .map(c -> new RootView(c.folder(), c.folder(), c.folders(), c.files()));
    }

    @GET
    @Path("/{id}")
    public Uni<FolderView> get(@PathParam("id") UUID id) {
        return folders.get(caller(), id).chain(this::view);
    }

    /** Everything directly in the folder, unpaged: plain arrays, as CDN clients read them. */
    @GET
    @Path("/{id}/contents")
    public Uni<ContentsView> contents(@PathParam("id") UUID id) {
        return folders.allContents(caller(), id).chain(this::contents);
    }

    private Uni<ContentsView> contents(FolderService.AllContents c) {
        return views.contents(c.folder(), c.folders(), c.files());
    }

    private Uni<FolderView> view(Folder f) {
        return views.folder(f);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FolderView> patch(@PathParam("id") UUID id, @NotNull FolderRequest body) {
        return folders.update(caller(), id, new FolderService.Change(body.name(), body.parent()))
                .chain(this::view);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FolderView> put(@PathParam("id") UUID id, @NotNull FolderRequest body) {
        return patch(id, body);
    }

    /** Moves the folder and everything in it to the trash. */
    @DELETE
    @Path("/{id}")
    public Uni<Views.Done> trash(@PathParam("id") UUID id) {
        return folders.trash(caller(), id).map(done -> new Views.Done(true, "Folder moved to trash"));
    }

    private Caller caller() {
        return Caller.of(currentUser);
    }

    @POST
    @Path("/{id}/star")
    public Uni<Toggle> star(@PathParam("id") UUID id) {
        return folders.toggleStar(caller(), id)
                .map(starred -> new Toggle(
                        true, starred, starred ? "Folder starred successfully" : "Folder unstarred successfully"));
    }
}
