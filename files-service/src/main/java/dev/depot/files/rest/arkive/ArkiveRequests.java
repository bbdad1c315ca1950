package dev.depot.files.rest.arkive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.common.error.ApiException;
import dev.depot.files.service.Caller;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the Arkive routes read from a request, checked the same way everywhere. Arkive clients send
 * an {@code ownerId}; identity comes from the token alone, so it is only compared with the caller.
 */
final class ArkiveRequests {

    private ArkiveRequests() {}

    /** 403 when the client names an owner other than the signed-in caller. */
    static void checkOwner(String ownerId, Caller caller) {
        if (ownerId == null || ownerId.isEmpty()) {
            return;
        }
        if (!ownerId.strip().equalsIgnoreCase(caller.id().toString())) {
            throw new ApiException(
                    403,
                    "Forbidden",
                    "ownerId must be the signed-in user's id",
                    Map.of("ownerId", "is not the signed-in user"),
                    null);
        }
    }

    /**
     * The caller of a route that takes no body fields: any {@code ownerId} the client sent, in the
     * query or in a JSON body that may hold nothing else, is checked against the token's user.
     */
    static Caller callerOfBodyless(Caller caller, String queryOwnerId, ObjectMapper mapper, String body) {
        checkOwner(queryOwnerId, caller);
        checkOwner(text(body(mapper, body, Set.of("ownerId")), "ownerId"), caller);
        return caller;
    }

    /**
     * A folder id from a query or form field: null when absent or empty (browsers' FormData sends
     * "null" for a missing value); an id that cannot exist is 404, as an unknown one.
     */
    static UUID folderId(String raw) {
        if (raw == null || raw.isBlank() || raw.equals("null") || raw.equals("undefined")) {
            return null;
        }
        try {
            return UUID.fromString(raw.strip());
        } catch (IllegalArgumentException e) {
            // Named in the answer only when short: a client's 100 KB "id" is not sent back to it.
            throw ApiException.notFound("folder " + (raw.length() <= 64 ? raw : raw.substring(0, 64) + "…"));
        }
    }

    /** Arkive's flags: "true" turns a filter on; anything else leaves it off. */
    static boolean flag(String raw) {
        return "true".equalsIgnoreCase(raw);
    }

    /**
     * The JSON object of a body (an empty body is {}), refusing any field but {@code known} by name:
     * a misspelt or misplaced field (folderId sent to a folder) would otherwise be ignored silently.
     */
    static ObjectNode body(ObjectMapper mapper, String raw, Set<String> known) {
        if (raw == null || raw.isBlank()) {
            return mapper.createObjectNode();
        }
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw ApiException.validation("request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.validation("request body must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.validation(
                        "unknown field '" + name + "': this request takes "
                                + String.join(", ", known.stream().sorted().toList()),
                        Map.of(name, "unknown field"));
            }
        }
        return object;
    }

    /** A string field; null when absent or null; 400 when it is not a string. */
    static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.validation(field + " must be a string", Map.of(field, "must be a string"));
        }
        return value.asText();
    }

    /** A folder id field: absent, null (the root, for a move) or an id; {@code present} tells absent from null. */
    record Target(boolean present, UUID id) {
        boolean toRoot() {
            return present && id == null;
        }
    }

    static Target target(ObjectNode body, String field) {
        if (!body.has(field)) {
            return new Target(false, null);
        }
        String raw = text(body, field);
        return new Target(true, raw == null ? null : folderId(raw));
    }
}
