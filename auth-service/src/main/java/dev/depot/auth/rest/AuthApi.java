package dev.depot.auth.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of /api/auth (snake_case on the wire). */
public final class AuthApi {

    private AuthApi() {}

    /** The ways to sign in besides a password: none in {@code external} when no provider is configured. */
    public record ProvidersView(List<ExternalProviderView> external) {}

    /** An external provider as a sign-in button shows it: "Sign in with {name}", going to {@code login_url}. */
    public record ExternalProviderView(String id, String name, String loginUrl) {}

    public record RegisterRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank
                    @Pattern(
                            regexp = "[A-Za-z0-9_.-]{3,32}",
                            message = "must be 3 to 32 letters, digits, '.', '_' or '-'")
                    String username,
            @NotNull @Size(max = 128) String password) {}

    /** Who signs in goes in {@code login}, {@code username} or {@code email}: each client sends the one it knows. */
    public record LoginRequest(
            @Size(max = 254) String login,
            @Size(max = 254) String username,
            @Size(max = 254) String email,
            @NotNull @Size(max = 128) String password) {

        /** The first of the three that was given; null when none was. */
        public String who() {
            for (String candidate : new String[] {login, email, username}) {
                if (candidate != null && !candidate.isBlank()) {
                    return candidate;
                }
            }
            return null;
        }
    }

    /** Browsers send the refresh token as a cookie; other clients may send it here. */
    public record RefreshRequest(String refreshToken) {}

    public record RetrieveRequest(@NotBlank @Size(max = 128) String authCode) {}

    public record ResetPasswordRequest(@NotNull String oldPassword, @NotNull @Size(max = 128) String newPassword) {}

    /** A user; {@code name} and {@code image} are what CDN clients read. */
    public record UserView(
            UUID id,
            String email,
            String username,
            String displayName,
            String avatarUrl,
            OffsetDateTime createdAt,
            long storageQuota,
            String name,
            String image) {}

    /** GET /me: the user under {@code user}, where CDN clients read it, and at the top as before. */
    public record MeView(@JsonUnwrapped UserView account, UserView user) {}

    public record SessionView(
            boolean success,
            String accessToken,
            String tokenType,
            long expiresIn,
            String refreshToken,
            UserView user) {}

    public record Message(boolean success, String message) {}
}
