package dev.depot.sharing.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.common.error.ApiException;
import dev.depot.common.security.InternalApiFilter;
import dev.depot.sharing.config.SharingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * files-service's /internal API: what a shared resource is, what a shared folder holds, signed URLs
 * for its bytes and drop tickets. Sharing never touches the bytes or the files database itself.
 */
@ApplicationScoped
public class FilesClient {

    private static final Logger LOG = Logger.getLogger(FilesClient.class);

    private final WebClient client;
    private final URI base;
    private final String secret;
    private final ObjectMapper mapper;

    public FilesClient(Vertx vertx, SharingConfig config, ObjectMapper mapper,
            @ConfigProperty(name = "depot.internal.secret") Optional<String> secret) {
        this.base = URI.create(config.filesUrl());
        this.secret = secret.orElse("");
        this.mapper = mapper;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort() < 0 ? 80 : base.getPort()).setSsl("https".equals(base.getScheme()))
                .setConnectTimeout(2_000).setIdleTimeout(30).setMaxPoolSize(32).setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public record Ref(String resourceType, UUID resourceId) {
    }

    /**
     * A resource as files-service sees it; {@code access} is the asking user's level (owner, admin... or null),
     * and {@code viaShareId}, for admin, the user share whose grant gives it.
     */
    public record Resource(String resourceType, UUID resourceId, String state, UUID ownerId, String name, Long size,
            String mimeType, UUID parentId, String path, String access, UUID viaShareId) {
        public boolean live() {
            return "live".equals(state);
        }
    }

    record Lookup(List<Ref> items, UUID userId) {
    }

    record LookupAnswer(List<Resource> results) {
    }

    public Uni<List<Resource>> lookup(List<Ref> items, UUID userId) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return call(HttpMethod.POST, "/internal/resources/lookup", Map.of(), new Lookup(items, userId), "resources")
                .map(json -> convert(json, LookupAnswer.class).results());
    }

    public Uni<Resource> lookup(String type, UUID id, UUID userId) {
        return lookup(List.of(new Ref(type, id)), userId).map(list -> list.get(0));
    }

    /** One page of a folder inside the shared folder {@code rootId}; 404 for anything outside it. */
    public Uni<JsonNode> contents(UUID rootId, UUID folderId, int page, int pageSize) {
        Map<String, String> query = folderId == null
                ? Map.of("page", String.valueOf(page), "page_size", String.valueOf(pageSize))
                : Map.of("folder_id", folderId.toString(), "page", String.valueOf(page), "page_size", String.valueOf(pageSize));
        return call(HttpMethod.GET, "/internal/shared/folder/" + rootId + "/contents", query, null, "folder");
    }

    /** A file of the share (the shared file itself, or one inside the shared folder). */
    public Uni<JsonNode> file(String rootType, UUID rootId, UUID fileId) {
        return call(HttpMethod.GET, "/internal/shared/" + rootType + "/" + rootId + "/files/" + fileId, Map.of(), null, "file");
    }

    /** A signed, expiring /cdn/ URL (a path) for a file of the share. */
    public Uni<JsonNode> signedUrl(String rootType, UUID rootId, UUID fileId) {
        return call(HttpMethod.POST, "/internal/shared/" + rootType + "/" + rootId + "/files/" + fileId + "/signed-url",
                Map.of(), Map.of(), "file");
    }

    /**
     * A single-use download URL (a path) for a file of a protected public link, never outliving the
     * share's {@code expiresAt}; files-service counts it as a download like a signed URL.
     */
    public Uni<JsonNode> transferTicket(String rootType, UUID rootId, UUID fileId, UUID shareId, OffsetDateTime expiresAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("share_id", shareId);
        body.put("expires_at", expiresAt);
        return call(HttpMethod.POST, "/internal/shared/" + rootType + "/" + rootId + "/files/" + fileId
                + "/transfer-ticket", Map.of(), body, "file");
    }

    /** Ends the revoked share's transfer tickets at once, and has files-service refuse new ones for it. */
    public Uni<Void> revokeTransferTickets(UUID shareId) {
        return call(HttpMethod.DELETE, "/internal/shares/" + shareId + "/transfer-tickets", Map.of(), null, "share")
                .replaceWithVoid();
    }

    /** A single-use upload URL (a path) into the folder, for a file-drop link. */
    public Uni<JsonNode> dropTicket(UUID folderId, UUID shareId, long expiresInSeconds) {
        return call(HttpMethod.POST, "/internal/drop-tickets", Map.of(),
                Map.of("folder_id", folderId, "share_id", shareId, "expires_in_seconds", expiresInSeconds), "folder");
    }

    private Uni<JsonNode> call(HttpMethod method, String path, Map<String, String> query, Object body, String what) {
        return Uni.createFrom().completionStage(() -> {
            HttpRequest<Buffer> request = client.request(method, base.getPath().replaceAll("/$", "") + path)
                    .putHeader(InternalApiFilter.HEADER, secret).putHeader("Accept", "application/json").timeout(10_000);
            query.forEach(request::addQueryParam);
            if (body == null) {
                return request.send().toCompletionStage();
            }
            request.putHeader("Content-Type", "application/json");
            return request.sendBuffer(Buffer.buffer(write(body))).toCompletionStage();
        }).onFailure().transform(e -> {
            LOG.warnf("files-service is unreachable: %s", e.toString());
            return new ApiException(503, "ServiceUnavailable", "the file service is not available; try again shortly");
        }).map(response -> read(response, what));
    }

    private JsonNode read(HttpResponse<Buffer> response, String what) {
        int status = response.statusCode();
        if (status == 404) {
            throw ApiException.notFound(what);
        }
        if (status / 100 != 2) {
            LOG.warnf("files-service answered %d: %s", status, response.bodyAsString());
            throw new ApiException(status == 400 ? 400 : 502, status == 400 ? "ValidationError" : "BadGateway",
                    status == 400 ? "files-service refused the request" : "the file service failed; try again shortly");
        }
        try {
            return mapper.readTree(response.body() == null ? new byte[0] : response.body().getBytes());
        } catch (IOException e) {
            throw new ApiException(502, "BadGateway", "the file service answered something unreadable");
        }
    }

    private byte[] write(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private <T> T convert(JsonNode json, Class<T> type) {
        try {
            return mapper.treeToValue(json, type);
        } catch (IOException e) {
            throw new ApiException(502, "BadGateway", "the file service answered something unreadable");
        }
    }
}
