-- What sharing-service's user shares grant, learnt from its events (event-carried state): one row per
-- active share with a user. Read whenever someone other than the owner touches a file or folder.
CREATE TABLE share_grant (
    share_id         UUID PRIMARY KEY,
    owner_id         UUID        NOT NULL,
    resource_type    TEXT        NOT NULL CHECK (resource_type IN ('file', 'folder')),
    resource_id      UUID        NOT NULL,
    grantee_id       UUID        NOT NULL,
    permission_level TEXT        NOT NULL CHECK (permission_level IN ('view', 'download', 'edit', 'admin')),
    expires_at       TIMESTAMPTZ,
    -- The time of the event that wrote the row: an older event never overwrites a newer one.
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX share_grant_grantee_resource_idx ON share_grant (grantee_id, resource_id);
-- Purging a file or folder for good drops the grants on it.
CREATE INDEX share_grant_resource_idx ON share_grant (resource_id);

-- Single-use, upload-only tickets of file-drop shares. Only the SHA-256 of the ticket is kept.
CREATE TABLE drop_ticket (
    hash       TEXT PRIMARY KEY,
    folder_id  UUID        NOT NULL,
    owner_id   UUID        NOT NULL,
    share_id   UUID,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX drop_ticket_folder_idx ON drop_ticket (folder_id);
CREATE INDEX drop_ticket_expires_idx ON drop_ticket (expires_at);
