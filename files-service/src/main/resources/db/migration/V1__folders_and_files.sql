CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A user's folder tree. Every user has one root (is_root, no parent), made on first use.
CREATE TABLE folder (
    id          UUID PRIMARY KEY,
    owner_id    UUID        NOT NULL,
    parent_id   UUID REFERENCES folder (id),
    name        TEXT        NOT NULL,
    -- "/Documents/2024": kept right for every descendant when an ancestor moves or is renamed.
    path        TEXT        NOT NULL,
    is_root     BOOLEAN     NOT NULL DEFAULT FALSE,
    is_starred  BOOLEAN     NOT NULL DEFAULT FALSE,
    trashed_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX folder_one_root_per_owner ON folder (owner_id) WHERE is_root;
CREATE UNIQUE INDEX folder_sibling_name_key ON folder (owner_id, parent_id, lower(name)) WHERE trashed_at IS NULL;
CREATE INDEX folder_name_trgm_idx ON folder USING gin (lower(name) gin_trgm_ops);

-- A file's metadata; the bytes live in the blob store under sha256.
CREATE TABLE stored_file (
    id                 UUID PRIMARY KEY,
    owner_id           UUID        NOT NULL,
    folder_id          UUID        NOT NULL REFERENCES folder (id),
    filename           TEXT        NOT NULL,
    original_filename  TEXT        NOT NULL,
    file_size          BIGINT      NOT NULL,
    mime_type          TEXT        NOT NULL,
    file_extension     TEXT        NOT NULL DEFAULT '',
    sha256             TEXT,
    md5                TEXT,
    cdn_url            TEXT,
    thumbnail_url      TEXT,
    preview_url        TEXT,
    is_processed       BOOLEAN     NOT NULL DEFAULT FALSE,
    processing_status  TEXT        NOT NULL DEFAULT 'pending',
    is_starred         BOOLEAN     NOT NULL DEFAULT FALSE,
    trashed_at         TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    last_accessed      TIMESTAMPTZ
);
CREATE INDEX stored_file_owner_folder_idx ON stored_file (owner_id, folder_id) WHERE trashed_at IS NULL;
CREATE INDEX stored_file_owner_created_idx ON stored_file (owner_id, created_at DESC);
CREATE INDEX stored_file_name_trgm_idx ON stored_file USING gin (lower(filename) gin_trgm_ops);
