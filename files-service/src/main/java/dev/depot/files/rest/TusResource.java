package dev.depot.files.rest;

import dev.depot.common.error.ApiException;
import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.PublicAddress;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.service.Caller;
import dev.depot.files.service.TusService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * /api/cdn/uploads/: tus 1.0 resumable uploads (core, creation, termination, expiration), so
 * existing tus clients work. Blocking handlers: the body is read as a stream on a worker thread.
 */
@Path("/api/cdn/uploads")
@Authenticated
@Blocking
public class TusResource {

    static final String TUS_VERSION = "1.0.0";

    private final TusService tus;
    private final CurrentUser currentUser;
    private final FilesConfig config;

    public TusResource(TusService tus, CurrentUser currentUser, FilesConfig config) {
        this.tus = tus;
        this.currentUser = currentUser;
        this.config = config;
    }

    @OPTIONS
    @Path("/")
    public Response options() {
        return Response.noContent()
                .header("Tus-Resumable", TUS_VERSION)
                .header("Tus-Version", TUS_VERSION)
                .header("Tus-Extension", "creation,termination,expiration")
                .header("Tus-Max-Size", config.maxUploadSize())
                .build();
    }

    @POST
    @Path("/")
    public Response create(
            @HeaderParam("Tus-Resumable") String version,
            @HeaderParam("Upload-Length") Long length,
            @HeaderParam("Upload-Metadata") String metadata,
            @Context UriInfo uri) {
        checkVersion(version);
        if (length == null) {
            throw ApiException.validation("Upload-Length is required");
        }
        Map<String, String> meta = metadata(metadata);
        UUID folder;
        try {
            folder = meta.containsKey("folder_id") ? UUID.fromString(meta.get("folder_id")) : null;
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("folder_id in Upload-Metadata is not a folder id");
        }
        TusService.Conflict conflict = TusService.Conflict.of(meta.get("conflict"));
        UUID id = tus.create(Caller.of(currentUser), length, meta.get("filename"), folder, conflict);
        return Response.created(PublicAddress.base(uri).resolve("api/cdn/uploads/" + id))
                .header("Tus-Resumable", TUS_VERSION)
                .build();
    }

    @HEAD
    @Path("/{id}")
    public Response head(@HeaderParam("Tus-Resumable") String version, @PathParam("id") UUID id) {
        checkVersion(version);
        TusService.State s = tus.head(Caller.of(currentUser), id);
        Response.ResponseBuilder b = Response.ok()
                .header("Tus-Resumable", TUS_VERSION)
                .header("Upload-Offset", s.offset())
                .header("Upload-Length", s.session().length())
                .header("Cache-Control", "no-store")
                .header(
                        "Upload-Expires",
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(s.expires().atOffset(ZoneOffset.UTC)));
        // Complete: the file it became, for a client whose last PATCH went unanswered.
        if (s.fileId() != null) {
            b.header("Depot-File-Id", s.fileId());
        }
        return b.build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes("application/offset+octet-stream")
    public Response append(
            @HeaderParam("Tus-Resumable") String version,
            @PathParam("id") UUID id,
            @HeaderParam("Upload-Offset") Long offset,
            InputStream body) {
        checkVersion(version);
        if (offset == null) {
            throw ApiException.validation("Upload-Offset is required");
        }
        TusService.Appended done = tus.append(Caller.of(currentUser), id, offset, body);
        Response.ResponseBuilder b =
                Response.noContent().header("Tus-Resumable", TUS_VERSION).header("Upload-Offset", done.offset());
        if (done.fileId() != null) {
            b.header("Depot-File-Id", done.fileId());
        }
        return b.build();
    }

    @DELETE
    @Path("/{id}")
    public Response terminate(@HeaderParam("Tus-Resumable") String version, @PathParam("id") UUID id) {
        checkVersion(version);
        tus.terminate(Caller.of(currentUser), id);
        return Response.noContent().header("Tus-Resumable", TUS_VERSION).build();
    }

    private static void checkVersion(String version) {
        if (!TUS_VERSION.equals(version)) {
            throw new ApiException(412, "PreconditionFailed", "Tus-Resumable must be " + TUS_VERSION);
        }
    }

    /** "filename ZmlsZS50eHQ=,folder_id ...,conflict cmVuYW1l" as a map; values are base64. */
    static Map<String, String> metadata(String header) {
        Map<String, String> meta = new HashMap<>();
        if (header == null || header.isBlank()) {
            return meta;
        }
        for (String pair : header.split(",")) {
            String[] kv = pair.trim().split(" ", 2);
            try {
                meta.put(
                        kv[0],
                        kv.length > 1 ? new String(Base64.getDecoder().decode(kv[1]), StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("Upload-Metadata value of " + kv[0] + " is not base64");
            }
        }
        return meta;
    }
}
