package dev.depot.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure a service can raise to the error envelope every answer shares (README, "Services"). */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    /** Jackson's words for a key given twice (StrictRequestBodies turns on its duplicate detection). */
    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("^Duplicate field '(.*)'");

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder b = envelope(e.status(), e.error(), e.getMessage(), e.details());
        if (e.retryAfterSeconds() != null) {
            b.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return b.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            fields.put(fieldName(v.getPropertyPath().toString()), v.getMessage());
        }
        String first = fields.isEmpty()
                ? "invalid request"
                : fields.entrySet().iterator().next().getKey() + " "
                        + fields.entrySet().iterator().next().getValue();
        return envelope(400, "ValidationError", first, fields).build();
    }

    /** A body that is JSON but not the request's shape: which field, and what is wrong with it. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse(null);
        if (e instanceof UnrecognizedPropertyException unknown) {
            String name = field != null ? field : unknown.getPropertyName();
            return envelope(
                            400,
                            "ValidationError",
                            "unknown field '" + name + "'",
                            Map.of(name, "is not a field of this request"))
                    .build();
        }
        if (field == null) {
            return envelope(
                            400,
                            "ValidationError",
                            "the body must be a JSON object of this request's fields",
                            Map.of("body", "must be a JSON object"))
                    .build();
        }
        String problem = e.getTargetType() != null ? "must be " + expected(e.getTargetType()) : "has the wrong type";
        return envelope(400, "ValidationError", field + " " + problem, Map.of(field, problem))
                .build();
    }

    private static String expected(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type)) {
            return "text";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time";
        }
        return type.isRecord() || java.util.Map.class.isAssignableFrom(type)
                ? "an object"
                : "a valid " + type.getSimpleName();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch) {
            return mismatched(mismatch);
        }
        java.util.regex.Matcher twice = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (twice.find()) {
            return envelope(
                            400,
                            "ValidationError",
                            "field '" + twice.group(1) + "' is given twice",
                            Map.of(twice.group(1), "is given twice"))
                    .build();
        }
        return envelope(
                        400,
                        "ValidationError",
                        "request body is not valid JSON: " + e.getOriginalMessage(),
                        Map.of("body", "is not valid JSON"))
                .build();
    }

    /** A parameter that does not convert to its type (see StrictParameters): which one, and what it must be. */
    @ServerExceptionMapper
    public Response parameter(ParameterException e) {
        int status = e.getResponse().getStatus();
        String message = status == 404 ? "no such resource: " + e.getMessage() : e.getMessage();
        return envelope(status, errorName(status), message, Map.of(e.name(), e.problem()))
                .build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return envelope(401, "Unauthorized", "You must be signed in to access this resource", null)
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return envelope(403, "Forbidden", "You may not do this", null).build();
    }

    /**
     * What RESTEasy Reactive raises itself: no route (404), method (405), media types (406, 415), and
     * bodies its readers could not read, whose cause says why.
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return envelope(status, errorName(status), message(status, e.getMessage()), null)
                .build();
    }

    /** RESTEasy's own words where they say something ("the content-type ... did not match"), else ours. */
    static String message(int status, String given) {
        if (given != null && !given.isBlank() && !given.startsWith("HTTP " + status) && status != 404) {
            return given;
        }
        return switch (status) {
            case 400 -> "the request is not valid";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 406 -> "no answer in a media type the Accept header allows";
            case 413 -> "the request body is too large";
            case 415 -> "this media type is not accepted here";
            default -> status >= 500 ? "something went wrong on our side" : "the request cannot be answered";
        };
    }

    /**
     * Quarkus REST reads a request's Content-Type, its multipart boundary and each part's
     * Content-Transfer-Encoding with parsers that throw these on what does not parse ("a/b/c", an empty
     * {@code boundary=}, a part that is not the base64 it says): the client's mistake. Thrown from anywhere
     * else, they are a fault of ours and stay a 500.
     */
    @ServerExceptionMapper({IllegalArgumentException.class, IndexOutOfBoundsException.class})
    public Response unparsable(RuntimeException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String at = frame.getClassName();
            if (at.equals(MEDIA_TYPE_PARSER) || at.equals(HEADER_PARSER) || at.equals(MULTIPART_SETUP)) {
                return envelope(
                                400,
                                "ValidationError",
                                "the Content-Type header cannot be read: " + e.getMessage(),
                                Map.of("Content-Type", "is not a media type with the parameters this request needs"))
                        .build();
            }
            if (at.startsWith(MULTIPART_PARSER)) {
                return envelope(
                                400,
                                "ValidationError",
                                "a part of the multipart body is not in the Content-Transfer-Encoding it names",
                                Map.of("body", "is not valid multipart/form-data"))
                        .build();
            }
        }
        return unexpected(e);
    }

    private static final String MEDIA_TYPE_PARSER =
            "org.jboss.resteasy.reactive.common.headers.MediaTypeHeaderDelegate";
    private static final String MULTIPART_PARSER = "org.jboss.resteasy.reactive.server.core.multipart.MultipartParser";
    private static final String HEADER_PARSER = "org.jboss.resteasy.reactive.common.headers.HeaderUtil";
    private static final String MULTIPART_SETUP =
            "org.jboss.resteasy.reactive.server.core.multipart.MultiPartParserDefinition";

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return envelope(500, "InternalError", "something went wrong on our side", null)
                .build();
    }

    public static Response.ResponseBuilder envelope(
            int status, String error, String message, Map<String, Object> details) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(error, message, details));
    }

    /** The error names, by status, that clients of the CDN client API and the Arkive-compatible API both read. */
    public static String errorName(int status) {
        return switch (status) {
            case 400 -> "ValidationError";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "ResourceNotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "PayloadTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 416 -> "RangeNotSatisfiable";
            case 429 -> "TooManyRequests";
            case 502 -> "BadGateway";
            case 503 -> "ServiceUnavailable";
            case 504 -> "GatewayTimeout";
            default -> status >= 500 ? "InternalError" : "BadRequest";
        };
    }

    /** "create.body.parentId" from a method-parameter violation becomes "parent_id", as the JSON names it. */
    static String fieldName(String path) {
        int dot = path.lastIndexOf('.');
        String name = dot < 0 ? path : path.substring(dot + 1);
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
