-- The blob (by SHA-256) holding a file's bytes; NULL for files registered with bytes hosted elsewhere.
ALTER TABLE stored_file ADD COLUMN storage_path TEXT;
CREATE INDEX stored_file_storage_path_idx ON stored_file (storage_path) WHERE storage_path IS NOT NULL;
