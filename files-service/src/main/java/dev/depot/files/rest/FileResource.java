package dev.depot.files.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.depot.common.error.ApiException;
import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PublicAddress;
import dev.depot.files.Category;
import dev.depot.files.DerivedImage;
import dev.depot.files.Names;
import dev.depot.files.mapping.Views;
import dev.depot.files.mapping.Views.FileView;
import dev.depot.files.mapping.Views.Toggle;
import dev.depot.files.service.Caller;
import dev.depot.files.service.DownloadService;
import dev.depot.files.service.FileService;
import dev.depot.files.service.FileService.Change;
import dev.depot.files.service.FileService.Listing;
import dev.depot.files.service.FileService.Registration;
import dev.depot.files.service.Ranges;
import dev.depot.files.service.UploadService;
import dev.depot.files.service.VersionService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** /api/cdn/files/: the caller's files, and files others share with the caller. */
@Path("/api/cdn/files")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class FileResource {

    private final FileService files;
    private final UploadService uploads;
    private final DownloadService downloads;
    private final VersionService versionService;
    private final CurrentUser currentUser;
    private final CdnViews views;
    private final Clock clock;

    public FileResource(
            FileService files,
            UploadService uploads,
            DownloadService downloads,
            VersionService versionService,
            CurrentUser currentUser,
            CdnViews views,
            Clock clock) {
        this.views = views;
        this.versionService = versionService;
        this.files = files;
        this.uploads = uploads;
        this.downloads = downloads;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    /** The JSON body that registers a file already hosted elsewhere (at {@code cdn_url}): metadata, no bytes. */
    public record RegisterRequest(
            @NotBlank @Size(max = 255) String filename,
            @Size(max = 255) String originalFilename,
            @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String cdnUrl,
            @NotNull @PositiveOrZero Long fileSize,
            @NotBlank @Size(max = 255) @Pattern(regexp = "[\\w.+-]+/[\\w.+-]+", message = "must be a MIME type")
                    String mimeType,
            @Pattern(regexp = "[0-9a-fA-F]{32}", message = "must be 32 hex digits") String md5Hash,
            @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits") String sha256Hash,
            UUID folderId) {}

    /**
     * Rename and move: the CDN client API's names (filename, folder) and the Arkive ones (name, folder_id). A
     * client may PUT back the file as it read it: what only the view shows is ignored; anything else
     * unknown is refused.
     */
    @JsonIgnoreProperties({
        "id",
        "original_filename",
        "owner",
        "file_size",
        "mime_type",
        "file_extension",
        "category",
        "sha256",
        "storage_path",
        "cdn_url",
        "thumbnail_url",
        "preview_url",
        "is_processed",
        "processing_status",
        "processing_error",
        "width",
        "height",
        "taken_at",
        "page_count",
        "text_preview",
        "is_starred",
        "is_trashed",
        "created_at",
        "updated_at",
        "last_accessed",
        "folder_name",
        "folder_detail",
        "owner_detail",
        "file_size_human",
        "versions",
        "versions_count"
    })
    public record FileChangeRequest(String filename, String name, UUID folder, UUID folderId) {
        Change change() {
            return new Change(filename != null ? filename : name, folder != null ? folder : folderId);
        }
    }

    @GET
    @Path("/")
    public Uni<Page<FileView>> list(
            @QueryParam("folder_id") UUID folderId,
            @QueryParam("search") String search,
            @QueryParam("type") String type,
            @QueryParam("starred") Boolean starred,
            @QueryParam("ordering") String ordering,
            @QueryParam("page") String page,
            @QueryParam("page_size") String pageSize,
            @Context UriInfo uri) {
        Category category = null;
        if (type != null) {
            category = Category.fromKey(type);
            if (category == null) {
                throw ApiException.validation(
                        "type must be one of images, videos, documents, audio, archives, others",
                        Map.of("type", "unknown type"));
            }
        }
        String term = search == null || search.isBlank() ? null : Names.searchTerm("search", search);
        PageRequest requested = QueryParams.page(page, pageSize);
        return files.list(caller(), new Listing(folderId, term, category, starred), ordering, requested)
                .map(found -> requested.page(found, uri))
                .chain(views::files);
    }

    @POST
    @Path("/upload")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> register(@Valid @NotNull RegisterRequest body) {
        Registration r = new Registration(
                body.filename(),
                body.originalFilename(),
                body.cdnUrl(),
                body.fileSize(),
                body.mimeType(),
                lower(body.md5Hash()),
                lower(body.sha256Hash()),
                body.folderId());
        return files.register(caller(), r)
                .chain(views::file)
                .map(v -> Response.status(201).entity(v).build());
    }

    static final Set<String> UPLOAD_FIELDS = Set.of("file", "folder_id");

    /** Multipart upload: the {@code file} part streams to disk, then into the blob store. */
    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(
            @RestForm("file") FileUpload file,
            @RestForm("folder_id") UUID folderId,
            @QueryParam("overwrite") boolean overwrite,
            MultipartFormDataInput form) {
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.validation("No file provided", Map.of("file", "is required"));
        }
        FormFields.requireOnly(form, UPLOAD_FIELDS, false);
        return uploads.upload(caller(), folderId, file.uploadedFile(), file.fileName(), overwrite)
                .chain(f -> views.file(f).map(v -> Response.status(f.version > 1 ? 200 : 201)
                        .entity(new Uploaded(true, v))
                        .build()));
    }

    /** New content for the file; the current content is kept as a version. */
    @PUT
    @Path("/{id}/content")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Uploaded> replaceContent(
            @PathParam("id") UUID id, @RestForm("file") FileUpload file, MultipartFormDataInput form) {
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.validation("No file provided", Map.of("file", "is required"));
        }
        FormFields.requireOnly(form, Set.of("file"), false);
        return uploads.replace(caller(), id, file.uploadedFile(), file.fileName())
                .chain(views::file)
                .map(v -> new Uploaded(true, v));
    }

    @GET
    @Path("/{id}/versions")
    public Uni<VersionsView> versions(@PathParam("id") UUID id) {
        return versionService.history(caller(), id).map(VersionsView::new);
    }

    @POST
    @Path("/{id}/versions/{version}/restore")
    public Uni<Uploaded> restoreVersion(@PathParam("id") UUID id, @PathParam("version") int version) {
        return versionService.restore(caller(), id, version).chain(views::file).map(v -> new Uploaded(true, v));
    }

    public record VersionsView(List<VersionService.Entry> versions) {}

    public record Uploaded(boolean success, FileView file) {}

    @GET
    @Path("/{id}/download")
    public Uni<DownloadService.Link> download(@PathParam("id") UUID id, @Context UriInfo uri) {
        return downloads.link(caller(), id, PublicAddress.base(uri));
    }

    @GET
    @Path("/{id}/content")
    public Uni<Response> content(
            @PathParam("id") UUID id,
            @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        return downloads
                .content(caller(), id)
                .map(bytes ->
                        ByteResponses.of(bytes, new Ranges.Request(range, ifRange, ifNoneMatch), clock.instant()));
    }

    /** The 256 px JPEG processing-worker made of the file, for anyone who may view the file. */
    @GET
    @Path("/{id}/thumbnail")
    public Uni<Response> thumbnail(
            @PathParam("id") UUID id,
            @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        return downloads
                .derived(caller(), id, DerivedImage.THUMBNAIL)
                .map(bytes ->
                        ByteResponses.of(bytes, new Ranges.Request(range, ifRange, ifNoneMatch), clock.instant()));
    }

    /** The 1024 px JPEG processing-worker made of the file, for anyone who may view the file. */
    @GET
    @Path("/{id}/preview")
    public Uni<Response> preview(
            @PathParam("id") UUID id,
            @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        return downloads
                .derived(caller(), id, DerivedImage.PREVIEW)
                .map(bytes ->
                        ByteResponses.of(bytes, new Ranges.Request(range, ifRange, ifNoneMatch), clock.instant()));
    }

    /** Thumbnail, preview and metadata made again; the owner's alone. */
    @POST
    @Path("/{id}/reprocess")
    public Uni<Response> reprocess(@PathParam("id") UUID id) {
        return files.reprocess(caller(), id).map(f -> Response.accepted(new Reprocessing(true, f.processingStatus))
                .build());
    }

    public record Reprocessing(boolean success, String processingStatus) {}

    /** Every starred file, newest first: a plain array, as CDN clients read it. */
    @GET
    @Path("/starred")
    public Uni<List<FileView>> starred() {
        return files.starred(caller()).chain(views::files);
    }

    /** The last opened files (then the newest never opened): a plain array, 20 unless limit says otherwise. */
    @GET
    @Path("/recent")
    public Uni<List<FileView>> recent(@QueryParam("limit") String limit) {
        Integer given = QueryParams.positive("limit", limit);
        int n = given == null ? 20 : given;
        if (n < 1 || n > 50) {
            throw ApiException.validation("limit must be between 1 and 50", Map.of("limit", "out of range"));
        }
        return files.recentlyAccessed(caller(), n).chain(views::files);
    }

    @GET
    @Path("/{id}")
    public Uni<FileView> get(@PathParam("id") UUID id) {
        return files.get(caller(), id).chain(views::file);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FileView> patch(@PathParam("id") UUID id, @NotNull FileChangeRequest body) {
        return files.update(caller(), id, body.change()).chain(views::file);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FileView> put(@PathParam("id") UUID id, @NotNull FileChangeRequest body) {
        return patch(id, body);
    }

    /** Moves the file to the trash; DELETE /api/cdn/trash/{id}/ deletes it for good. */
    @DELETE
    @Path("/{id}")
    public Uni<Views.Done> trash(@PathParam("id") UUID id) {
        return files.trash(caller(), id).map(f -> new Views.Done(true, "File moved to trash"));
    }

    @POST
    @Path("/{id}/star")
    public Uni<Toggle> star(@PathParam("id") UUID id) {
        return files.toggleStar(caller(), id)
                .map(starred -> new Toggle(
                        true, starred, starred ? "File starred successfully" : "File unstarred successfully"));
    }

    private Caller caller() {
        return Caller.of(currentUser);
    }

    private static String lower(String hex) {
        return hex == null ? null : hex.toLowerCase(java.util.Locale.ROOT);
    }
}
