-- Resumable (tus) uploads in progress, so that any replica can take the next PATCH, answer HEAD and
-- finish the upload: the bytes are parts in the blob store, the state is here.
CREATE TABLE tus_upload (
    id            UUID PRIMARY KEY,
    -- The caller who opened it: nobody else sees it (404).
    owner_id      UUID        NOT NULL,
    folder_id     UUID,
    filename      TEXT        NOT NULL,
    length        BIGINT      NOT NULL CHECK (length >= 0),
    -- fail, replace or rename; NULL (an upload opened before the choice existed) means fail.
    conflict      TEXT,
    -- Advanced only by a conditional UPDATE from the offset a PATCH started at: of two racing, one wins.
    upload_offset BIGINT      NOT NULL DEFAULT 0 CHECK (upload_offset >= 0 AND upload_offset <= length),
    created_at    TIMESTAMPTZ NOT NULL,
    -- Activity keeps an upload alive; the collector removes those idle for its grace period.
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX tus_upload_updated_idx ON tus_upload (updated_at);

-- The parts that count, in offset order: each PATCH stores its bytes as a part of its own name, and
-- only the one whose UPDATE won records it here (a loser's part, or one a dead replica left, is not).
CREATE TABLE tus_upload_part (
    upload_id   UUID   NOT NULL REFERENCES tus_upload (id) ON DELETE CASCADE,
    part_offset BIGINT NOT NULL,
    name        TEXT   NOT NULL,
    PRIMARY KEY (upload_id, part_offset)
);
