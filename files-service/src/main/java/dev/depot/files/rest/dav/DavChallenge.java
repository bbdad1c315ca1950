package dev.depot.files.rest.dav;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A 401 under /dav/ asks for Basic credentials: WebDAV clients (file managers, litmus) send theirs
 * only once challenged. The password is a personal API token, which the gateway exchanges.
 */
public class DavChallenge {

    @ServerResponseFilter
    public void challenge(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 401 && request.getUriInfo().getPath().startsWith(DavResource.PREFIX)) {
            response.getHeaders().putSingle("WWW-Authenticate", "Basic realm=\"Depot\", charset=\"UTF-8\"");
        }
    }
}
