-- Earlier contents of a file, kept when new bytes replace them (overwrite upload, PUT content).
ALTER TABLE stored_file ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TABLE file_version (
    id           UUID PRIMARY KEY,
    file_id      UUID        NOT NULL REFERENCES stored_file (id) ON DELETE CASCADE,
    owner_id     UUID        NOT NULL,
    version      INTEGER     NOT NULL,
    storage_path TEXT,
    sha256       TEXT,
    md5          TEXT,
    file_size    BIGINT      NOT NULL,
    mime_type    TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (file_id, version)
);
CREATE INDEX file_version_owner_idx ON file_version (owner_id);
CREATE INDEX file_version_storage_path_idx ON file_version (storage_path) WHERE storage_path IS NOT NULL;
