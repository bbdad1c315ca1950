package dev.depot.common.error;

import java.util.Map;

/** A failure the caller can act on; mapped to the error envelope with its status. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, Object> details;
    private final Long retryAfterSeconds;

    public ApiException(int status, String error, String message, Map<String, Object> details, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.details = details;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiException(int status, String error, String message) {
        this(status, error, message, null, null);
    }

    public static ApiException validation(String message) {
        return new ApiException(400, "ValidationError", message);
    }

    public static ApiException validation(String message, Map<String, Object> details) {
        return new ApiException(400, "ValidationError", message, details, null);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "Unauthorized", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message);
    }

    /** Also the answer for another user's resource, so that ids cannot be probed. */
    public static ApiException notFound(String what) {
        return new ApiException(404, "ResourceNotFound", what + " does not exist");
    }

    public static ApiException conflict(String message, Map<String, Object> details) {
        return new ApiException(409, "Conflict", message, details, null);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "PayloadTooLarge", message);
    }

    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(429, "TooManyRequests", message, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Map<String, Object> details() {
        return details;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
