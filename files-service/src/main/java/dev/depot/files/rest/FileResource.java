package dev.depot.files.rest;

import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.files.StoredFile;
import dev.depot.files.service.FileService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.util.UUID;

/** /api/cdn/files/: the caller's files. */
@Path("/api/cdn/files")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class FileResource {

    private final FileService files;
    private final CurrentUser currentUser;

    public FileResource(FileService files, CurrentUser currentUser) {
        this.files = files;
        this.currentUser = currentUser;
    }

    @GET
    @Path("/")
    public Uni<Page<FileView>> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize,
            @Context UriInfo uri) {
        return files.list(currentUser.id(), PageRequest.of(page, pageSize), uri).map(p -> p.map(FileView::of));
    }

    /** The seed's File fields. */
    public record FileView(UUID id, String filename, String originalFilename, UUID folder, long fileSize,
            String mimeType, String fileExtension, String cdnUrl, String thumbnailUrl, String previewUrl,
            boolean isProcessed, String processingStatus, boolean isStarred, OffsetDateTime createdAt,
            OffsetDateTime updatedAt, OffsetDateTime lastAccessed) {
        static FileView of(StoredFile f) {
            return new FileView(f.id, f.filename, f.originalFilename, f.folderId, f.fileSize, f.mimeType,
                    f.fileExtension, f.cdnUrl, f.thumbnailUrl, f.previewUrl, f.processed, f.processingStatus,
                    f.starred, f.createdAt, f.updatedAt, f.lastAccessed);
        }
    }
}
