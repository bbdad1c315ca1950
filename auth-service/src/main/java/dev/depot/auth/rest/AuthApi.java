package dev.depot.auth.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Request and response bodies of /api/auth (snake_case on the wire). */
public final class AuthApi {

    private AuthApi() {
    }

    public record RegisterRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{3,32}", message = "must be 3 to 32 letters, digits, '.', '_' or '-'") String username,
            @NotNull @Size(max = 128) String password) {
    }

    public record LoginRequest(@NotBlank @Size(max = 254) String login, @NotNull @Size(max = 128) String password) {
    }

    /** Browsers send the refresh token as a cookie; other clients may send it here. */
    public record RefreshRequest(String refreshToken) {
    }

    public record RetrieveRequest(@NotBlank @Size(max = 128) String authCode) {
    }

    public record ResetPasswordRequest(@NotNull String oldPassword, @NotNull @Size(max = 128) String newPassword) {
    }

    public record UserView(UUID id, String email, String username, String displayName, String avatarUrl,
            OffsetDateTime createdAt, long storageQuota) {
    }

    public record SessionView(String accessToken, String tokenType, long expiresIn, String refreshToken,
            UserView user) {
    }

    public record Message(boolean success, String message) {
    }
}
