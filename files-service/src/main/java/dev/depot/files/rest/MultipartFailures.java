package dev.depot.files.rest;

import dev.depot.common.error.ErrorMappers;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * A multipart body Quarkus REST cannot parse is the client's mistake, a 400 saying what is wrong,
 * not a 500: garbage, a boundary other than the one the Content-Type names, a body that ends before
 * its closing boundary. The parser deletes what it spooled, so nothing is stored and no quota spent.
 */
public class MultipartFailures {

    private static final Logger LOG = Logger.getLogger(MultipartFailures.class);

    /** What the parser says when the body ends (or the connection does) before the closing boundary. */
    private static final String ENDED_EARLY = "Connection terminated";

    @ServerExceptionMapper
    public Response malformed(MultipartParser.MalformedMessageException e) {
        return refused("the multipart body is malformed: a part's headers or encoding cannot be read");
    }

    /** IOExceptions are mapped here only to tell the parser's from any other, which stays a 500. */
    @ServerExceptionMapper
    public Response io(IOException e) {
        if (e.getMessage() != null
                && e.getMessage().startsWith(ENDED_EARLY)
                && e.getMessage().contains("multipart")) {
            return refused("the multipart body ends before its closing boundary, or does not use the boundary "
                    + "its Content-Type names");
        }
        LOG.error("unexpected failure", e);
        return ErrorMappers.envelope(500, "InternalError", "something went wrong on our side", null)
                .build();
    }

    private static Response refused(String message) {
        return ErrorMappers.envelope(
                        400, "ValidationError", message, Map.of("body", "is not valid multipart/form-data"))
                .build();
    }
}
