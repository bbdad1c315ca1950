package dev.depot.files.rest.arkive;

import static dev.depot.files.rest.arkive.ArkiveRequests.checkOwner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.common.error.ApiException;
import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.PublicAddress;
import dev.depot.files.StoredFile;
import dev.depot.files.mapping.ArkiveViews;
import dev.depot.files.mapping.ArkiveViews.Done;
import dev.depot.files.mapping.ArkiveViews.FileResult;
import dev.depot.files.mapping.ArkiveViews.FileView;
import dev.depot.files.mapping.ArkiveViews.RecentFiles;
import dev.depot.files.mapping.ArkiveViews.Starred;
import dev.depot.files.mapping.ArkiveViews.Trashed;
import dev.depot.files.rest.FormFields;
import dev.depot.files.rest.arkive.ArkiveRequests.Target;
import dev.depot.files.service.Caller;
import dev.depot.files.service.FileService;
import dev.depot.files.service.FileService.Change;
import dev.depot.files.service.FolderService;
import dev.depot.files.service.TrashService;
import dev.depot.files.service.UploadService;
import dev.depot.files.storage.SignedLinks;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * /api/files: Arkive's file routes over the same services as /api/cdn/files, with the same rules
 * (ownership, shares, quotas, events); only the shapes differ.
 */
@Path("/api/files")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ArkiveFileResource {

    private static final Set<String> UPDATE_FIELDS = Set.of("name", "folderId", "ownerId");

    private final FileService files;
    private final FolderService folders;
    private final UploadService uploads;
    private final TrashService trash;
    private final SignedLinks links;
    private final CurrentUser currentUser;
    private final ObjectMapper mapper;

    public ArkiveFileResource(
            FileService files,
            FolderService folders,
            UploadService uploads,
            TrashService trash,
            SignedLinks links,
            CurrentUser currentUser,
            ObjectMapper mapper) {
        this.files = files;
        this.folders = folders;
        this.uploads = uploads;
        this.trash = trash;
        this.links = links;
        this.currentUser = currentUser;
        this.mapper = mapper;
    }

    @GET
    public Uni<List<FileView>> list(
            @QueryParam("ownerId") String ownerId,
            @QueryParam("folderId") String folderId,
            @QueryParam("starred") String starred,
            @QueryParam("trashed") String trashed,
            @Context UriInfo uri) {
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        return files.listAll(
                        caller,
                        ArkiveRequests.folderId(folderId),
                        ArkiveRequests.flag(starred),
                        ArkiveRequests.flag(trashed))
                .chain(list -> folders.rootId(caller.id())
                        .map(root -> list.stream().map(f -> view(f, root, uri)).toList()));
    }

    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(
            @RestForm("file") FileUpload file,
            @RestForm("folderId") String folderId,
            @RestForm("ownerId") String ownerId,
            @Context UriInfo uri,
            MultipartFormDataInput form) {
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.validation("No file provided", Map.of("file", "is required"));
        }
        FormFields.requireOnly(form, java.util.Set.of("file", "folderId", "ownerId"), false);
        UUID folder = ArkiveRequests.folderId(folderId);
        return uploads.upload(caller, folder, file.uploadedFile(), file.fileName(), false)
                .chain(f -> viewOf(f, uri))
                .map(v -> Response.status(201).entity(new FileResult(true, v)).build());
    }

    @GET
    @Path("/recent")
    public Uni<RecentFiles> recent(
            @QueryParam("ownerId") String ownerId, @QueryParam("limit") String limit, @Context UriInfo uri) {
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        int n = limit(limit);
        return files.recent(caller, n).chain(list -> folders.rootId(caller.id())
                .map(root -> new RecentFiles(
                        list.stream().map(f -> view(f, root, uri)).toList())));
    }

    @PATCH
    @Path("/{id}/star")
    public Uni<Starred> star(@PathParam("id") UUID id, @QueryParam("ownerId") String ownerId, String body) {
        Caller caller = ArkiveRequests.callerOfBodyless(Caller.of(currentUser), ownerId, mapper, body);
        return files.toggleStar(caller, id)
                .map(starred -> new Starred(
                        true, starred, starred ? "File starred successfully" : "File unstarred successfully"));
    }

    /** A toggle: a live file goes to the trash, a trashed one comes back. */
    @PATCH
    @Path("/{id}/trash")
    public Uni<Trashed> trash(@PathParam("id") UUID id, @QueryParam("ownerId") String ownerId, String body) {
        Caller caller = ArkiveRequests.callerOfBodyless(Caller.of(currentUser), ownerId, mapper, body);
        return trash.toggleFile(caller, id)
                .map(trashed ->
                        new Trashed(true, trashed, trashed ? "File moved to trash" : "File restored from trash"));
    }

    /** Rename ({@code name}) and/or move ({@code folderId}; null moves it to the top level). */
    @PATCH
    @Path("/{id}/update")
    public Uni<FileResult> update(
            @PathParam("id") UUID id, @QueryParam("ownerId") String ownerId, String body, @Context UriInfo uri) {
        Caller caller = Caller.of(currentUser);
        checkOwner(ownerId, caller);
        ObjectNode json = ArkiveRequests.body(mapper, body, UPDATE_FIELDS);
        checkOwner(ArkiveRequests.text(json, "ownerId"), caller);
        String name = ArkiveRequests.text(json, "name");
        Target target = ArkiveRequests.target(json, "folderId");
        return files.update(caller, id, new Change(name, target.id(), target.toRoot()))
                .chain(f -> viewOf(f, uri))
                .map(v -> new FileResult(true, v));
    }

    /** For good, in the trash or not. */
    @DELETE
    @Path("/{id}/delete")
    public Uni<Done> delete(@PathParam("id") UUID id, @QueryParam("ownerId") String ownerId, String body) {
        Caller caller = ArkiveRequests.callerOfBodyless(Caller.of(currentUser), ownerId, mapper, body);
        return trash.deleteFileNow(caller, id).map(d -> new Done(true, "File permanently deleted"));
    }

    /** Arkive's limit: 10 unless given, at most 50; anything but a positive number is 400. */
    static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return 10;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1) {
                return Math.min(n, 50);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.validation(
                "limit must be a number from 1 to 50", Map.of("limit", "must be a positive number"));
    }

    private Uni<FileView> viewOf(StoredFile f, UriInfo uri) {
        return folders.rootId(f.ownerId).map(root -> view(f, root, uri));
    }

    private FileView view(StoredFile f, UUID root, UriInfo uri) {
        return ArkiveViews.file(f, root, links.url(f, PublicAddress.base(uri)));
    }
}
