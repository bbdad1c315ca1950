-- The file a complete upload became. The row stays, until the collector's grace period, so that a client
-- whose last PATCH went unanswered (the replica died just after recording the file) learns from HEAD that
-- the upload is done, and which file it is, rather than a 404.
ALTER TABLE tus_upload ADD COLUMN file_id UUID;
