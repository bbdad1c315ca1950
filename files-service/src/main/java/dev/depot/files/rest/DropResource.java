package dev.depot.files.rest;

import dev.depot.common.error.ApiException;
import dev.depot.files.service.DropService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * /cdn/drop/{ticket}: the public, sign-in-free end of a file-drop share. One multipart {@code file}
 * per ticket; the answer tells the dropper about their file and nothing about the folder's owner.
 */
@Path("/cdn/drop")
@Produces(MediaType.APPLICATION_JSON)
public class DropResource {

    static final String PATH = "/cdn/drop/";

    private final DropService drops;

    public DropResource(DropService drops) {
        this.drops = drops;
    }

    public record DroppedFile(UUID id, String filename, long fileSize, String mimeType) {}

    public record Dropped(boolean success, DroppedFile file) {}

    @POST
    @Path("/{ticket}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> drop(
            @PathParam("ticket") String ticket, @RestForm("file") FileUpload file, MultipartFormDataInput form) {
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.validation("No file provided", Map.of("file", "is required"));
        }
        FormFields.requireOnly(form, java.util.Set.of("file"), false);
        return drops.drop(ticket, file.uploadedFile(), file.fileName()).map(f -> Response.status(201)
                .entity(new Dropped(true, new DroppedFile(f.id, f.filename, f.fileSize, f.mimeType)))
                .build());
    }
}
