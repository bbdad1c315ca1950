CREATE TABLE app_user (
    id             UUID PRIMARY KEY,
    email          TEXT        NOT NULL,
    username       TEXT        NOT NULL,
    display_name   TEXT,
    avatar_url     TEXT,
    -- NULL for accounts that only sign in through the external provider.
    password_hash  TEXT,
    oidc_provider  TEXT,
    oidc_subject   TEXT,
    storage_quota  BIGINT      NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));
CREATE UNIQUE INDEX app_user_username_key ON app_user (lower(username));
CREATE UNIQUE INDEX app_user_oidc_key ON app_user (oidc_provider, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- One row per refresh token ever issued; a login's tokens share a family so reuse can revoke them all.
CREATE TABLE refresh_token (
    id          UUID PRIMARY KEY,
    user_id     UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    family_id   UUID        NOT NULL,
    token_hash  TEXT        NOT NULL UNIQUE,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
CREATE INDEX refresh_token_user_idx ON refresh_token (user_id);
