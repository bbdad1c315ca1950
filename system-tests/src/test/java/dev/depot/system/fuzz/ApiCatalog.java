package dev.depot.system.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every operation of the services' OpenAPI documents, with what the fuzzer needs to know to fill it in. */
public final class ApiCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");
    /** The Arkive-compatible routes take camelCase JSON; every other route snake_case (the documents show Java names). */
    private static final List<String> CAMEL_CASE =
            List.of("/api/files", "/api/folders", "/api/storage", "/api/search", "/api/empty-trash");

    private ApiCatalog() {}

    /** A path, query, header or cookie parameter; {@code type} is integer, boolean, uuid, array, date-time or string. */
    public record Param(String in, String name, String type, boolean required) {}

    /** A JSON or form field; {@code type} as for {@link Param}, plus binary (a file part) and paths (parts named by path). */
    public record Field(String name, String type, boolean required) {}

    /** One operation; {@code bodies} has the fields of each media type its body may have (none for a bodyless one). */
    public record Operation(
            String service, String method, String path, List<Param> params, Map<String, List<Field>> bodies) {

        public String key() {
            return method + " " + path;
        }

        public boolean internal() {
            return path.startsWith("/internal");
        }

        public List<Param> params(String in) {
            return params.stream().filter(p -> p.in().equals(in)).toList();
        }

        public boolean mutating() {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        }
    }

    /**
     * Each service's OpenAPI document, found the way a client of the gateway finds it: {@code GET /api}
     * lists the services and where their documents are served. The one place to change if the documents move.
     */
    public static Map<String, JsonNode> documents(String gateway) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonNode index = get(http, gateway + "/api");
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        for (JsonNode service : index.path("services")) {
            docs.put(
                    service.path("name").asText(),
                    get(http, gateway + service.path("openapi").asText()));
        }
        return docs;
    }

    private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    public static List<Operation> operations(String service, JsonNode doc) {
        List<Operation> ops = new ArrayList<>();
        JsonNode schemas = doc.path("components").path("schemas");
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> it = path.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> op = it.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                List<Param> params = new ArrayList<>();
                List<JsonNode> declared = new ArrayList<>();
                path.getValue().path("parameters").forEach(declared::add);
                op.getValue().path("parameters").forEach(declared::add);
                for (JsonNode p : declared) {
                    params.add(new Param(
                            p.path("in").asText(),
                            p.path("name").asText(),
                            type(p.path("schema"), schemas),
                            p.path("required").asBoolean(false)));
                }
                Map<String, List<Field>> bodies = new LinkedHashMap<>();
                boolean camel =
                        CAMEL_CASE.stream().anyMatch(prefix -> path.getKey().startsWith(prefix));
                for (Iterator<Map.Entry<String, JsonNode>> content = op.getValue()
                                .path("requestBody")
                                .path("content")
                                .fields();
                        content.hasNext(); ) {
                    Map.Entry<String, JsonNode> c = content.next();
                    JsonNode schema = resolve(c.getValue().path("schema"), schemas);
                    boolean json = c.getKey().contains("json");
                    bodies.put(
                            c.getKey(),
                            c.getKey().startsWith("multipart/") || json
                                    ? fields(schema, schemas, json && !camel)
                                    : List.of());
                }
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                List<Field> hinted = BodyHints.fields(method, path.getKey());
                if (hinted != null) {
                    bodies.remove("text/plain");
                    bodies.put("application/json", hinted);
                }
                ops.add(new Operation(service, method, path.getKey(), params, bodies));
            }
        }
        return ops;
    }

    private static List<Field> fields(JsonNode schema, JsonNode schemas, boolean snake) {
        List<Field> fields = new ArrayList<>();
        Set<String> required = new java.util.HashSet<>();
        schema.path("required").forEach(n -> required.add(n.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        schema.path("properties").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String type = p.getKey().equals("*") ? "paths" : type(p.getValue(), schemas);
            fields.add(new Field(snake ? snake(p.getKey()) : p.getKey(), type, required.contains(p.getKey())));
        }
        return fields;
    }

    static String type(JsonNode schema, JsonNode schemas) {
        String ref = schema.path("$ref").asText("");
        if (ref.endsWith("/UUID")) {
            return "uuid";
        }
        JsonNode s = resolve(schema, schemas);
        String format = s.path("format").asText("");
        if (format.equals("uuid") || format.equals("binary") || format.startsWith("date")) {
            return format;
        }
        String type = s.path("type").asText("string");
        return type.equals("number") ? "integer" : type;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Bodies the documents do not describe (read as text, or as any JSON): their fields, from the README. */
    static final class BodyHints {

        private static final Map<String, List<Field>> HINTS = Map.ofEntries(
                Map.entry("POST /api/auth/refresh", List.of(new Field("refresh_token", "string", false))),
                Map.entry("POST /api/auth/logout", List.of(new Field("refresh_token", "string", false))),
                Map.entry(
                        "POST /api/folders/create",
                        List.of(
                                new Field("name", "string", true),
                                new Field("parentId", "uuid", false),
                                new Field("ownerId", "uuid", false))),
                Map.entry(
                        "PATCH /api/folders/{id}/update",
                        List.of(
                                new Field("name", "string", false),
                                new Field("parentId", "uuid", false),
                                new Field("ownerId", "uuid", false))),
                Map.entry(
                        "PATCH /api/files/{id}/update",
                        List.of(
                                new Field("name", "string", false),
                                new Field("folderId", "uuid", false),
                                new Field("ownerId", "uuid", false))),
                Map.entry("PATCH /api/files/{id}/star", List.of(new Field("ownerId", "uuid", false))),
                Map.entry("PATCH /api/files/{id}/trash", List.of(new Field("ownerId", "uuid", false))),
                Map.entry("DELETE /api/files/{id}/delete", List.of(new Field("ownerId", "uuid", false))),
                Map.entry("PATCH /api/folders/{id}/star", List.of(new Field("ownerId", "uuid", false))),
                Map.entry("PATCH /api/folders/{id}/trash", List.of(new Field("ownerId", "uuid", false))),
                Map.entry("DELETE /api/folders/{id}/delete", List.of(new Field("ownerId", "uuid", false))),
                Map.entry("PUT /api/cdn/shares/{id}", shareFields()),
                Map.entry("PATCH /api/cdn/shares/{id}", shareFields()));

        private static List<Field> shareFields() {
            return List.of(
                    new Field("permission_level", "string", false),
                    new Field("is_public", "boolean", false),
                    new Field("expires_at", "date-time", false),
                    new Field("allow_download", "boolean", false),
                    new Field("download_limit", "integer", false),
                    new Field("password", "string", false));
        }

        static List<Field> fields(String method, String path) {
            return HINTS.get(method + " " + path);
        }
    }
}
