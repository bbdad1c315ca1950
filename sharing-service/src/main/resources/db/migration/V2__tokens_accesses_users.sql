-- The public token sealed with a key kept outside the database (AES-GCM), so that the owner can be
-- shown the link again while a database leak alone reveals no working link.
ALTER TABLE share ADD COLUMN public_token_sealed TEXT;

-- One active share per user and resource (add_user on an existing grant updates it instead).
CREATE UNIQUE INDEX share_user_once_idx ON share (resource_type, resource_id, shared_with_user_id)
    WHERE revoked_at IS NULL AND shared_with_user_id IS NOT NULL;
CREATE INDEX share_with_user_idx ON share (shared_with_user_id, created_at DESC) WHERE revoked_at IS NULL;

-- Who used a link: every view, download and drop.
CREATE TABLE share_access (
    id          UUID PRIMARY KEY,
    share_id    UUID        NOT NULL REFERENCES share (id) ON DELETE CASCADE,
    kind        TEXT        NOT NULL CHECK (kind IN ('view', 'download', 'upload')),
    file_id     UUID,
    user_id     UUID,
    client_ip   TEXT,
    user_agent  TEXT,
    accessed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX share_access_share_idx ON share_access (share_id, accessed_at DESC);

-- Users as auth-service announces them, to share by username or email.
CREATE TABLE known_user (
    id       UUID PRIMARY KEY,
    username TEXT NOT NULL,
    email    TEXT NOT NULL
);
CREATE UNIQUE INDEX known_user_username_idx ON known_user (lower(username));
CREATE UNIQUE INDEX known_user_email_idx ON known_user (lower(email));
