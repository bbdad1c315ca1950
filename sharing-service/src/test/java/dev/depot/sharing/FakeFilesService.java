package dev.depot.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.depot.filesapi.FilesInternalApi;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stand-in for files-service's /internal API, for tests of what sharing-service shows once a resource
 * is found: every file is "report.pdf" (2048 bytes) and every folder "Docs" (at /Docs, holding that one
 * file), all live, and whoever asks about one owns it. Like files-service, it answers only calls that carry
 * the service secret. It is listed second, after a replica that is down.
 */
public class FakeFilesService implements QuarkusTestResourceLifecycleManager {

    static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/", FakeFilesService::handle);
        server.start();
        // Two replicas, the first of them down: every call that starts there must move on to the live one.
        return Map.of(
                "depot.sharing.files-url",
                "http://127.0.0.1:" + closedPort() + ",http://127.0.0.1:"
                        + server.getAddress().getPort());
    }

    /** A port nothing listens on: a connection there is refused. */
    private static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void handle(HttpExchange exchange) throws IOException {
        // As files-service's InternalApiFilter does: without the service secret, nothing is answered.
        if (!"test-internal-secret"
                .equals(exchange.getRequestHeaders().getFirst(FilesInternalApi.SERVICE_TOKEN_HEADER))) {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
            return;
        }
        String path = exchange.getRequestURI().getPath();
        JsonNode answer;
        if (path.equals("/internal/resources/lookup")) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            ArrayNode results = JSON.createArrayNode();
            for (JsonNode item : body.path("items")) {
                boolean folder = "folder".equals(item.path("resource_type").asText());
                ObjectNode r = results.addObject()
                        .put("resource_type", item.path("resource_type").asText())
                        .put("resource_id", item.path("resource_id").asText())
                        .put("state", "live")
                        .put("name", folder ? "Docs" : "report.pdf")
                        .put("path", folder ? "/Docs" : null);
                if (!folder) {
                    r.put("size", 2048).put("mime_type", "application/pdf");
                }
                if (body.hasNonNull("user_id")) {
                    r.put("owner_id", body.path("user_id").asText()).put("access", "owner");
                }
            }
            answer = JSON.createObjectNode().set("results", results);
        } else if (path.matches("/internal/shared/(file|folder)/[^/]+/files/[^/]+")) {
            answer = file(path.substring(path.lastIndexOf('/') + 1));
        } else if (path.matches("/internal/shared/folder/[^/]+/contents")) {
            String root = path.split("/")[4];
            ObjectNode contents = JSON.createObjectNode();
            contents.putObject("folder").put("id", root).put("name", "Docs").putNull("parent_id");
            contents.putArray("folders");
            ObjectNode files =
                    contents.putObject("files").put("count", 1).putNull("next").putNull("previous");
            files.putArray("results").add(file("00000000-0000-0000-0000-000000000001"));
            answer = contents;
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] bytes = JSON.writeValueAsString(answer).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static ObjectNode file(String id) {
        return JSON.createObjectNode()
                .put("id", id)
                .put("filename", "report.pdf")
                .put("file_size", 2048)
                .put("mime_type", "application/pdf")
                .put("created_at", "2026-01-01T00:00:00Z")
                .put("updated_at", "2026-01-01T00:00:00Z");
    }
}
