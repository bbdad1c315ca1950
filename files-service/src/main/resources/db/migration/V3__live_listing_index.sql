-- The default listing (newest first) of a user's live files, read in index order with no sort.
CREATE INDEX IF NOT EXISTS stored_file_live_owner_created_idx
    ON stored_file (owner_id, created_at DESC, id DESC) WHERE trashed_at IS NULL;
DROP INDEX IF EXISTS stored_file_owner_created_idx;
