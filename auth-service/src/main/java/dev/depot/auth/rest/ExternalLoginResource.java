package dev.depot.auth.rest;

import dev.depot.auth.config.AuthConfig;
import dev.depot.auth.service.AccountService.Client;
import dev.depot.auth.service.ExternalLoginService;
import dev.depot.auth.service.ExternalLoginService.ExternalIdentity;
import dev.depot.common.error.ApiException;
import dev.depot.common.web.ClientInfo;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * External login with any OpenID Connect provider (Slack by default, hence the paths). Both paths sit
 * behind quarkus-oidc's authorization code flow (see application.properties): {@code /api/slack/login}
 * starts it, the provider returns to {@code /api/slack/callback}, and once the code is exchanged this
 * resource runs with the ID token, makes a one-time {@code auth_code} and sends the browser to the web app,
 * which redeems it at {@code POST /api/auth/retrieve}. The OIDC session cookie is dropped: Depot's own
 * tokens take over.
 */
@Path("/api/slack")
@Authenticated
public class ExternalLoginResource {

    private final ExternalLoginService logins;
    private final SecurityIdentity identity;
    private final OidcSession oidcSession;
    private final ClientInfo client;
    private final AuthConfig config;

    public ExternalLoginResource(
            ExternalLoginService logins,
            SecurityIdentity identity,
            OidcSession oidcSession,
            ClientInfo client,
            AuthConfig config) {
        this.logins = logins;
        this.identity = identity;
        this.oidcSession = oidcSession;
        this.client = client;
        this.config = config;
    }

    @GET
    @Path("/login")
    public Uni<Response> login() {
        return complete();
    }

    @GET
    @Path("/callback")
    public Uni<Response> callback() {
        return complete();
    }

    private Uni<Response> complete() {
        if (!(identity.getPrincipal() instanceof JsonWebToken idToken)) {
            return Uni.createFrom().failure(ApiException.unauthorized("external login did not complete"));
        }
        ExternalIdentity person = new ExternalIdentity(
                config.external().provider(),
                idToken.getSubject(),
                idToken.getClaim("email"),
                Boolean.TRUE.equals(claimAsBoolean(idToken, "email_verified")),
                firstNonNull(idToken.getClaim("preferred_username"), idToken.getClaim("name")),
                idToken.getClaim("name"),
                idToken.getClaim("picture"));
        String redirect = config.external().webRedirect();
        return logins.signIn(person, new Client(client.address(), client.userAgent(), client.traceparent()))
                .call(code -> oidcSession.logout())
                .map(code -> Response.seeOther(URI.create(redirect + (redirect.contains("?") ? "&" : "?") + "auth_code="
                                + URLEncoder.encode(code, StandardCharsets.UTF_8)))
                        .build());
    }

    private static Boolean claimAsBoolean(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value instanceof Boolean b) {
            return b;
        }
        return value != null && Boolean.parseBoolean(value.toString());
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
