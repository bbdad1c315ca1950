-- What processing-worker derived from a file's current content. The thumbnail (256 px) and preview
-- (1024 px) are JPEG blobs in the same content-addressed blob store as the files' bytes.
ALTER TABLE stored_file
    ADD COLUMN thumbnail_sha256 TEXT,
    ADD COLUMN preview_sha256   TEXT,
    ADD COLUMN media_width      INTEGER,
    ADD COLUMN media_height     INTEGER,
    ADD COLUMN taken_at         TIMESTAMPTZ,
    ADD COLUMN page_count       INTEGER,
    ADD COLUMN text_preview     TEXT,
    ADD COLUMN processing_error TEXT;
-- The blob collector asks whether a blob is still some file's thumbnail or preview.
CREATE INDEX stored_file_thumbnail_sha256_idx ON stored_file (thumbnail_sha256) WHERE thumbnail_sha256 IS NOT NULL;
CREATE INDEX stored_file_preview_sha256_idx ON stored_file (preview_sha256) WHERE preview_sha256 IS NOT NULL;
