-- One-time codes handed to the web app after an external (OIDC) login, exchanged once at
-- /api/auth/retrieve for a session. Only the SHA-256 of the code is kept.
CREATE TABLE auth_code (
    code_hash  TEXT PRIMARY KEY,
    user_id    UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX auth_code_expiry_idx ON auth_code (expires_at);
