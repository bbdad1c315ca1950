package dev.depot.files.rest;

import dev.depot.common.error.ApiException;
import dev.depot.common.security.CurrentUser;
import dev.depot.files.Names;
import dev.depot.files.service.Caller;
import dev.depot.files.service.ExternalUploadService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** POST /api/cdn/upload-0x0/: the file goes to the external host; its answer comes back unchanged. */
@Path("/api/cdn/upload-0x0")
@Authenticated
public class ExternalUploadResource {

    private final ExternalUploadService external;
    private final CurrentUser currentUser;

    public ExternalUploadResource(ExternalUploadService external, CurrentUser currentUser) {
        this.external = external;
        this.currentUser = currentUser;
    }

    @POST
    @Path("/")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(@RestForm("file") FileUpload file, MultipartFormDataInput form) {
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.validation("No file provided", Map.of("file", "is required"));
        }
        FormFields.requireOnly(form, java.util.Set.of("file"), false);
        return external.upload(
                        Caller.of(currentUser),
                        file.uploadedFile(),
                        Names.sanitize(file.fileName()),
                        file.contentType())
                .map(answer -> Response.status(answer.status())
                        .type(answer.contentType() == null ? MediaType.TEXT_PLAIN : answer.contentType())
                        .entity(answer.body().getBytes())
                        .build());
    }
}
