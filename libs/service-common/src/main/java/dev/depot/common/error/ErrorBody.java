package dev.depot.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The body of every 4xx and 5xx answer: {@code {"success": false, "error", "message", "detail",
 * "details"}}. {@code detail} repeats the message under the name Django REST framework uses, which
 * CDN clients show.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"success", "error", "message", "detail", "details"})
public record ErrorBody(boolean success, String error, String message, Map<String, Object> details) {

    @JsonProperty("detail")
    public String detail() {
        return message;
    }

    public ErrorBody(String error, String message, Map<String, Object> details) {
        this(false, error, message, details);
    }
}
