-- A share of a file or folder: a public link (is_public, token) or a grant to one user.
CREATE TABLE share (
    id                  UUID PRIMARY KEY,
    owner_id            UUID        NOT NULL,
    resource_type       TEXT        NOT NULL CHECK (resource_type IN ('file', 'folder')),
    resource_id         UUID        NOT NULL,
    shared_with_user_id UUID,
    permission_level    TEXT        NOT NULL CHECK (permission_level IN ('view', 'download', 'edit', 'admin', 'upload')),
    is_public           BOOLEAN     NOT NULL DEFAULT FALSE,
    -- Only the SHA-256 of the public token is kept, so a database leak reveals no working link.
    public_token_hash   TEXT UNIQUE,
    password_hash       TEXT,
    expires_at          TIMESTAMPTZ,
    allow_download      BOOLEAN     NOT NULL DEFAULT TRUE,
    download_limit      INTEGER,
    download_count      INTEGER     NOT NULL DEFAULT 0,
    revoked_at          TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX share_owner_idx ON share (owner_id, created_at DESC);
CREATE INDEX share_resource_idx ON share (resource_type, resource_id);
