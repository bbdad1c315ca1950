package dev.depot.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The body of every 4xx and 5xx answer: {@code {"success": false, "error", "message", "details"}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(boolean success, String error, String message, Map<String, Object> details) {

    public ErrorBody(String error, String message, Map<String, Object> details) {
        this(false, error, message, details);
    }
}
