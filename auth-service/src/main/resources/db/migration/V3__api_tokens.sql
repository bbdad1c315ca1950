-- Personal API tokens for scripts and sync clients. The value is shown once; only its SHA-256 is kept.
CREATE TABLE api_token (
    id           UUID PRIMARY KEY,
    user_id      UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name         TEXT        NOT NULL,
    token_hash   TEXT        NOT NULL UNIQUE,
    -- The first characters of the token, so the owner can tell tokens apart.
    prefix       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_token_user_idx ON api_token (user_id, created_at DESC);
