package dev.depot.sharing.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.depot.common.error.ApiException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/** What a share may be: its kinds, levels and limits, each refusal a 400 naming the field. */
final class ShareRules {

    static final Set<String> TYPES = Set.of("file", "folder");
    /** What PUT and PATCH can change. */
    static final Set<String> CHANGEABLE =
            Set.of("permission_level", "expires_at", "allow_download", "allow_preview", "download_limit", "password");
    /** What a share is made with and keeps: accepted when it repeats the stored value. */
    static final Set<String> FIXED = Set.of("resource_type", "resource_id", "is_public", "shared_with_user");
    /** What a share's view shows but no request sets: a client may send back what it read, and it is ignored. */
    static final Set<String> SHOWN_ONLY = Set.of(
            "id",
            "resource",
            "owner",
            "owner_detail",
            "public_token",
            "public_url",
            "download_count",
            "has_password",
            "password_protected",
            "resource_detail",
            "is_expired",
            "can_download",
            "access_logs_count",
            "created_at",
            "updated_at",
            "created_by",
            "resource_owner",
            "granted_via");

    static final Set<String> USER_LEVELS = Set.of("view", "download", "edit", "admin");
    static final Set<String> PUBLIC_LEVELS = Set.of("view", "download", "upload");

    private ShareRules() {}

    static void checkType(String type) {
        if (type == null || !TYPES.contains(type)) {
            throw invalid("resource_type", "must be file or folder");
        }
    }

    static void checkLevel(String level, String type, boolean isPublic) {
        if (level == null || !(isPublic ? PUBLIC_LEVELS : USER_LEVELS).contains(level)) {
            throw invalid(
                    "permission_level",
                    isPublic ? "a public link is view, download or upload" : "must be view, download, edit or admin");
        }
        if ("upload".equals(level) && !"folder".equals(type)) {
            throw invalid("permission_level", "upload (a file-drop link) is for folders");
        }
    }

    static void checkExpiry(OffsetDateTime expiresAt, OffsetDateTime now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw invalid("expires_at", "must be in the future");
        }
    }

    static void checkLimit(Integer limit) {
        if (limit != null && limit < 1) {
            throw invalid("download_limit", "must be 1 or more");
        }
    }

    static void checkPassword(String password) {
        if (password != null && (password.length() < 4 || password.length() > 128)) {
            throw invalid("password", "must be 4 to 128 characters");
        }
    }

    static OffsetDateTime dateOrNull(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw invalid("expires_at", "must be an ISO-8601 date-time with an offset, e.g. 2030-12-31T23:59:59Z");
        }
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
        return value;
    }

    static ApiException invalid(String field, String problem) {
        return ApiException.validation(field + " " + problem, Map.of(field, problem));
    }
}
