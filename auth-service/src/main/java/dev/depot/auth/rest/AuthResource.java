package dev.depot.auth.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.depot.auth.User;
import dev.depot.auth.config.AuthConfig;
import dev.depot.auth.keys.SigningKeys;
import dev.depot.auth.rest.AuthApi.ExternalProviderView;
import dev.depot.auth.rest.AuthApi.LoginRequest;
import dev.depot.auth.rest.AuthApi.MeView;
import dev.depot.auth.rest.AuthApi.Message;
import dev.depot.auth.rest.AuthApi.ProvidersView;
import dev.depot.auth.rest.AuthApi.RefreshRequest;
import dev.depot.auth.rest.AuthApi.RegisterRequest;
import dev.depot.auth.rest.AuthApi.ResetPasswordRequest;
import dev.depot.auth.rest.AuthApi.RetrieveRequest;
import dev.depot.auth.rest.AuthApi.SessionView;
import dev.depot.auth.rest.AuthApi.UserView;
import dev.depot.auth.service.AccountService;
import dev.depot.auth.service.AccountService.Client;
import dev.depot.auth.service.ExternalLoginService;
import dev.depot.auth.service.TokenService;
import dev.depot.auth.service.TokenService.Session;
import dev.depot.common.error.ApiException;
import dev.depot.common.error.ErrorMappers;
import dev.depot.common.security.CsrfFilter.AccessCookieUnused;
import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.ClientInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Sessions and accounts: the /api/auth routes CDN clients call (me, refresh, retrieve, reset_password), plus
 * registration, password sign-in, sign-out, the JWKS and the list of external login providers.
 */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    static final String ACCESS_COOKIE = "access_token";
    static final String REFRESH_COOKIE = "refresh_token";
    /** The refresh cookie is only ever sent to the auth endpoints. */
    static final String REFRESH_COOKIE_PATH = "/api/auth";

    private final AccountService accounts;
    private final CurrentUser currentUser;
    private final ClientInfo client;
    private final AuthConfig config;
    private final SigningKeys keys;
    private final ExternalLoginService externalLogins;
    private final CurrentIdentityAssociation identity;
    private final ExternalLoginAvailability externalLogin;
    /** Quarkus' own mapper (snake_case), for the optional refresh body read by hand. */
    private final ObjectMapper json;

    public AuthResource(
            AccountService accounts,
            CurrentUser currentUser,
            ClientInfo client,
            AuthConfig config,
            SigningKeys keys,
            ExternalLoginService externalLogins,
            ObjectMapper json,
            CurrentIdentityAssociation identity,
            ExternalLoginAvailability externalLogin) {
        this.externalLogin = externalLogin;
        this.json = json;
        this.identity = identity;
        this.externalLogins = externalLogins;
        this.accounts = accounts;
        this.currentUser = currentUser;
        this.client = client;
        this.config = config;
        this.keys = keys;
    }

    @GET
    @Path("/jwks")
    public Response jwks() {
        return JwksResource.jwks(keys);
    }

    /**
     * How one may sign in besides a password, for the web app to offer "Sign in with Slack" only where
     * it works: without a configured provider {@code /api/slack/login} answers 404, so none is listed.
     */
    @GET
    @Path("/providers")
    public ProvidersView providers() {
        if (!externalLogin.enabled()) {
            return new ProvidersView(List.of());
        }
        String id = config.external().provider();
        return new ProvidersView(List.of(new ExternalProviderView(id, displayName(id), "/api/slack/login")));
    }

    static String displayName(String provider) {
        if (provider.equalsIgnoreCase("slack")) {
            return "Slack";
        }
        return provider.isEmpty()
                ? provider
                : provider.substring(0, 1).toUpperCase(Locale.ROOT) + provider.substring(1);
    }

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    @AccessCookieUnused
    public Uni<Response> register(@Valid @NotNull RegisterRequest body) {
        return accounts.register(body.email(), body.username(), body.password(), client())
                .map(session -> withCookies(Response.status(201), session).build());
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @AccessCookieUnused
    public Uni<Response> login(@Valid @NotNull LoginRequest body) {
        if (body.who() == null) {
            throw ApiException.validation("email (or username) is required", java.util.Map.of("email", "is required"));
        }
        return accounts.login(body.who(), body.password(), client())
                .map(session -> withCookies(Response.ok(), session).build());
    }

    /** Completes an external login: the one-time code from /api/slack/callback, for a session. */
    @POST
    @Path("/retrieve")
    @Consumes(MediaType.APPLICATION_JSON)
    @AccessCookieUnused
    public Uni<Response> retrieve(@Valid @NotNull RetrieveRequest body) {
        return externalLogins.redeem(body.authCode()).map(session -> withCookies(Response.ok(), session)
                .build());
    }

    @POST
    @Path("/refresh")
    @AccessCookieUnused
    public Uni<Response> refresh(@CookieParam(REFRESH_COOKIE) String cookie, String body) {
        String token = cookie != null && !cookie.isBlank() ? cookie : refreshTokenIn(body);
        if (token == null || token.isBlank()) {
            // Nothing to refresh with: a signed-out client, told once (400, not 401) so that it stops asking,
            // and left with no stale access cookie either.
            return Uni.createFrom()
                    .item(ErrorMappers.envelope(
                                    400,
                                    "ValidationError",
                                    "no refresh token",
                                    Map.of("refresh_token", "is required: the refresh_token cookie or a body field"))
                            .cookie(expired(ACCESS_COOKIE, "/"), expired(REFRESH_COOKIE, REFRESH_COOKIE_PATH))
                            .build());
        }
        return accounts.refresh(token)
                .map(session -> withCookies(Response.ok(), session).build())
                .onFailure(ApiException.class)
                .recoverWithItem(e -> refreshRefused((ApiException) e));
    }

    /**
     * Ends the login of the refresh token (cookie or body) and the one the access token names (Bearer or
     * cookie), so that a client holding only its access token can sign out too.
     */
    @POST
    @Path("/logout")
    public Uni<Response> logout(@CookieParam(REFRESH_COOKIE) String cookie, String body) {
        String token = cookie != null ? cookie : refreshTokenIn(body);
        return identity.getDeferredIdentity()
                // No valid access token (none, expired, forged): there is only the refresh token to go by.
                .map(id -> id.isAnonymous() || !(id.getPrincipal() instanceof JsonWebToken jwt) ? null : jwt)
                .onFailure()
                .recoverWithNull()
                .chain(jwt -> accounts.logout(
                        token,
                        jwt == null ? null : uuid(jwt.getSubject()),
                        jwt == null ? null : uuid(claim(jwt, TokenService.SESSION_CLAIM))))
                .map(done -> Response.ok(new Message(true, "signed out"))
                        .cookie(expired(ACCESS_COOKIE, "/"), expired(REFRESH_COOKIE, REFRESH_COOKIE_PATH))
                        .build());
    }

    @GET
    @Path("/me")
    @Authenticated
    public Uni<MeView> me() {
        return accounts.user(currentUser.id())
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.unauthorized("account no longer exists"))
                .map(AuthResource::view)
                .map(u -> new MeView(u, u));
    }

    @POST
    @Path("/reset_password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    public Uni<Message> resetPassword(
            @Valid @NotNull ResetPasswordRequest body, @CookieParam(REFRESH_COOKIE) String refreshCookie) {
        if (currentUser.viaApiToken()) {
            throw ApiException.forbidden("the password can only be changed from a signed-in session");
        }
        return accounts.changePassword(
                        currentUser.id(),
                        body.oldPassword(),
                        body.newPassword(),
                        refreshCookie,
                        currentUser.sessionId())
                .map(done -> new Message(true, "password changed; other sessions were signed out"));
    }

    static UserView view(User u) {
        String name = u.displayName == null || u.displayName.isBlank() ? u.username : u.displayName;
        return new UserView(
                u.id, u.email, u.username, u.displayName, u.avatarUrl, u.createdAt, u.storageQuota, name, u.avatarUrl);
    }

    /** Browsers send no body (the cookie is enough); other clients send {"refresh_token": "..."}. */
    private String refreshTokenIn(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readerFor(RefreshRequest.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .<RefreshRequest>readValue(body)
                    .refreshToken();
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.validation(
                    "unknown field '" + e.getPropertyName() + "'",
                    java.util.Map.of(e.getPropertyName(), "is not a field of this request"));
        } catch (JsonProcessingException e) {
            throw ApiException.validation("request body is not valid JSON");
        }
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        return value instanceof jakarta.json.JsonString s ? s.getString() : value instanceof String s ? s : null;
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Client client() {
        return new Client(client.address(), client.userAgent(), client.traceparent());
    }

    private Response.ResponseBuilder withCookies(Response.ResponseBuilder b, Session s) {
        SessionView body = new SessionView(
                true, s.accessToken(), "Bearer", s.accessTtlSeconds(), s.refreshToken(), view(s.user()));
        return b.entity(body)
                .cookie(
                        cookie(ACCESS_COOKIE, s.accessToken(), "/", s.accessTtlSeconds()),
                        cookie(REFRESH_COOKIE, s.refreshToken(), REFRESH_COOKIE_PATH, s.refreshTtlSeconds()));
    }

    /** A refresh token that no longer works is dropped from the browser with the refusal. */
    private Response refreshRefused(ApiException e) {
        Response.ResponseBuilder b = ErrorMappers.envelope(e.status(), e.error(), e.getMessage(), e.details());
        if (e.status() == 401) {
            b.cookie(expired(REFRESH_COOKIE, REFRESH_COOKIE_PATH));
        }
        return b.build();
    }

    private NewCookie cookie(String name, String value, String path, long maxAge) {
        return new NewCookie.Builder(name)
                .value(value)
                .path(path)
                .maxAge((int) maxAge)
                .httpOnly(true)
                .secure(config.cookieSecure())
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }

    private NewCookie expired(String name, String path) {
        return cookie(name, "", path, 0);
    }
}
