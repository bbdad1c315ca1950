-- What a trash operation took: each trashed row points at the row the user trashed (itself for the
-- row the user picked), so a restore brings back exactly that set and nothing trashed separately.
ALTER TABLE folder ADD COLUMN trashed_with UUID;
ALTER TABLE stored_file ADD COLUMN trashed_with UUID;
CREATE INDEX folder_trashed_with_idx ON folder (trashed_with) WHERE trashed_with IS NOT NULL;
CREATE INDEX stored_file_trashed_with_idx ON stored_file (trashed_with) WHERE trashed_with IS NOT NULL;
CREATE INDEX folder_parent_idx ON folder (parent_id);
CREATE INDEX stored_file_folder_idx ON stored_file (folder_id);

-- images | videos | audio | documents | archives | others, derived from the MIME type on write.
ALTER TABLE stored_file ADD COLUMN category TEXT NOT NULL DEFAULT 'others';
CREATE INDEX stored_file_owner_category_idx ON stored_file (owner_id, category);

-- A file's name is unique in its folder among live files, as a folder's is among its siblings.
CREATE UNIQUE INDEX stored_file_name_key ON stored_file (owner_id, folder_id, lower(filename)) WHERE trashed_at IS NULL;

-- What files-service knows of each user, from auth-service's events (event-carried state).
CREATE TABLE account (
    user_id       UUID PRIMARY KEY,
    username      TEXT,
    storage_quota BIGINT      NOT NULL,
    -- Set when storage.limit_reached was last announced, so it is announced once per crossing.
    limit_warned  BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at    TIMESTAMPTZ NOT NULL
);
