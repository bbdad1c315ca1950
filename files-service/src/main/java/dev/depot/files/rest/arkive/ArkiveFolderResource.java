package dev.depot.files.rest.arkive;

import static dev.depot.files.rest.arkive.ArkiveRequests.checkOwner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.common.error.ApiException;
import dev.depot.common.security.CurrentUser;
import dev.depot.files.Folder;
import dev.depot.files.mapping.ArkiveViews;
import dev.depot.files.mapping.ArkiveViews.Done;
import dev.depot.files.mapping.ArkiveViews.FolderResult;
import dev.depot.files.mapping.ArkiveViews.FolderUploaded;
import dev.depot.files.mapping.ArkiveViews.FolderView;
import dev.depot.files.mapping.ArkiveViews.Starred;
import dev.depot.files.mapping.ArkiveViews.Trashed;
import dev.depot.files.rest.FormFields;
import dev.depot.files.rest.arkive.ArkiveRequests.Target;
import dev.depot.files.service.Caller;
import dev.depot.files.service.FolderService;
import dev.depot.files.service.TrashService;
import dev.depot.files.service.UploadService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** /api/folders: Arkive's folder routes over the same services and rules as /api/cdn/folders. */
@Path("/api/folders")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ArkiveFolderResource {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "parentId", "ownerId");
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "parentId", "ownerId");

    private final FolderService folders;
    private final UploadService uploads;
    private final TrashService trash;
    private final CurrentUser currentUser;
    private final ObjectMapper mapper;

    public ArkiveFolderResource(
            FolderService folders,
            UploadService uploads,
            TrashService trash,
            CurrentUser currentUser,
            ObjectMapper mapper) {
        this.folders = folders;
        this.uploads = uploads;
        this.trash = trash;
        this.currentUser = currentUser;
        this.mapper = mapper;
    }

    @GET
    public Uni<List<FolderView>> list(
            @QueryParam("ownerId") String ownerId,
            @QueryParam("parentId") String parentId,
            @QueryParam("starred") String starred,
            @QueryParam("trashed") String trashed) {
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        return folders.listAll(
                        caller,
                        ArkiveRequests.folderId(parentId),
                        ArkiveRequests.flag(starred),
                        ArkiveRequests.flag(trashed))
                .chain(list -> folders.rootId(caller.id()).map(root -> list.stream()
                        .map(f -> ArkiveViews.folder(f, root))
                        .toList()));
    }

    @POST
    @Path("/create")
    public Uni<Response> create(@QueryParam("ownerId") String ownerId, String body) {
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        ObjectNode json = ArkiveRequests.body(mapper, body, CREATE_FIELDS);
        checkOwner(ArkiveRequests.text(json, "ownerId"), caller);
        String name = ArkiveRequests.text(json, "name");
        if (name == null || name.isBlank()) {
            throw ApiException.validation("Folder name is required", Map.of("name", "is required"));
        }
        UUID parent = ArkiveRequests.target(json, "parentId").id();
        return folders.create(caller, name, parent)
                .chain(this::viewOf)
                .map(v -> Response.status(201).entity(new FolderResult(true, v)).build());
    }

    /** Every file part is named by its path relative to {@code parentFolderId}, as /api/cdn/folders/upload/. */
    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(
            @RestForm(FileUpload.ALL) List<FileUpload> parts,
            @RestForm("parentFolderId") String parentFolderId,
            @RestForm("ownerId") String ownerId,
            MultipartFormDataInput form) {
        FormFields.requireOnly(form, java.util.Set.of("parentFolderId", "ownerId"), true);
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        UUID parent = ArkiveRequests.folderId(parentFolderId);
        List<UploadService.Part> files = FormFields.folderParts(parts);
        return uploads.uploadFolder(caller, parent, files).map(done -> Response.status(201)
                .entity(new FolderUploaded(true, done.folderId(), done.folderName(), done.filesUploaded()))
                .build());
    }

    @PATCH
    @Path("/{id}/star")
    public Uni<Starred> star(@PathParam("id") UUID id, @QueryParam("ownerId") String ownerId, String body) {
        Caller caller = ArkiveRequests.callerOfBodyless(Caller.of(currentUser), ownerId, mapper, body);
        return folders.toggleStar(caller, id)
                .map(starred -> new Starred(
                        true, starred, starred ? "Folder starred successfully" : "Folder unstarred successfully"));
    }

    /** A toggle: trashing takes the folder's live subtree along, restoring brings exactly that back. */
    @PATCH
    @Path("/{id}/trash")
    public Uni<Trashed> trash(@PathParam("id") UUID id, @QueryParam("ownerId") String ownerId, String body) {
        Caller caller = ArkiveRequests.callerOfBodyless(Caller.of(currentUser), ownerId, mapper, body);
        return trash.toggleFolder(caller, id)
                .map(trashed ->
                        new Trashed(true, trashed, trashed ? "Folder moved to trash" : "Folder restored from trash"));
    }

    /** Rename ({@code name}) and/or move ({@code parentId}; null moves it to the top level). */
    @PATCH
    @Path("/{id}/update")
    public Uni<FolderResult> update(@PathParam("id") UUID id, @QueryParam("ownerId") String ownerId, String body) {
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        ObjectNode json = ArkiveRequests.body(mapper, body, UPDATE_FIELDS);
        checkOwner(ArkiveRequests.text(json, "ownerId"), caller);
        String name = ArkiveRequests.text(json, "name");
        Target target = ArkiveRequests.target(json, "parentId");
        return folders.update(caller, id, new FolderService.Change(name, target.id(), target.toRoot()))
                .chain(this::viewOf)
                .map(v -> new FolderResult(true, v));
    }

    /** The folder and everything below it, for good, in the trash or not. */
    @DELETE
    @Path("/{id}/delete")
    public Uni<Done> delete(@PathParam("id") UUID id, @QueryParam("ownerId") String ownerId, String body) {
        Caller caller = ArkiveRequests.callerOfBodyless(Caller.of(currentUser), ownerId, mapper, body);
        return trash.deleteFolderNow(caller, id)
                .map(d -> new Done(true, "Folder and all contents permanently deleted"));
    }

    private Uni<FolderView> viewOf(Folder f) {
        return folders.rootId(f.ownerId).map(root -> ArkiveViews.folder(f, root));
    }
}
