package dev.depot.files.rest;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Ends a multipart request whose connection drops while its body is still being read (the client
 * went away, or the gateway cut it off over its size limit), so that the parts spooled so far are
 * deleted at once. Quarkus REST deletes spooled parts when a request completes
 * ({@code quarkus.http.body.delete-uploaded-files-on-end}), but such a request waits for the rest of
 * its body for ever and never completes: its file stayed on disk.
 */
public class AbortedUploadFilter {

    /* Request filters run before the form is read, so this is in place for the whole body. */
    @ServerRequestFilter
    public void endOnDisconnect(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        // The header as sent: getMediaType() throws on one that does not parse ("a/b/c"), which the
        // resource's own media-type matching answers with a 415 once this filter has let it by.
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (!request.hasEntity()
                || type == null
                || !type.trim().toLowerCase(Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA)
                || !(request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context)) {
            return;
        }
        routing.request().exceptionHandler(failure -> {
            // Once the form is read, the request is in Depot's hands and completes as usual; until then,
            // completing it here runs its completion callbacks, which close and delete the spooled parts.
            if (context.getFormData() == null) {
                context.close();
            }
        });
    }
}
