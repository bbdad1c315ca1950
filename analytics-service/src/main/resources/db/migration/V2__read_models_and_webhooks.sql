-- Read models built from the domain topics. Every one of them can be truncated and rebuilt by a replay
-- (see ReplayService); the webhook tables hold what users configured and are never truncated.
--
-- Out-of-order guards: a row remembers the event time of the state it holds (meta_at, state_at,
-- status_at); an older event never overwrites a newer one. Counters are sums, so their order does not
-- matter; the inbox makes sure each event is counted once.

-- Something the user did, with a few facts of the event beside the name (kind of share access, counts...).
ALTER TABLE activity_entry ADD COLUMN details TEXT;
CREATE INDEX activity_entry_user_action_idx ON activity_entry (user_id, action, occurred_at DESC);
CREATE INDEX activity_entry_user_resource_idx ON activity_entry (user_id, resource_id, occurred_at DESC);

-- Each file as the file.* events describe it, with its access counters.
CREATE TABLE file_stat (
    file_id          UUID PRIMARY KEY,
    owner_id         UUID        NOT NULL,
    filename         TEXT,
    folder_id        UUID,
    file_size        BIGINT      NOT NULL DEFAULT 0,
    mime_type        TEXT,
    category         TEXT,
    sha256           TEXT,
    starred          BOOLEAN     NOT NULL DEFAULT false,
    -- null until a file.* event told what the file is (counters can arrive first, from another topic)
    meta_at          TIMESTAMPTZ,
    -- live, trashed or deleted (deleted is final)
    state            TEXT        NOT NULL DEFAULT 'live',
    state_at         TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    downloads        BIGINT      NOT NULL DEFAULT 0,
    share_views      BIGINT      NOT NULL DEFAULT 0,
    share_downloads  BIGINT      NOT NULL DEFAULT 0,
    last_accessed_at TIMESTAMPTZ
);
CREATE INDEX file_stat_owner_idx ON file_stat (owner_id, created_at DESC);
CREATE INDEX file_stat_folder_idx ON file_stat (folder_id);

-- Each folder, so that the files a trashed or deleted folder took with it (which get no events of
-- their own) can be left out: a file counts only when no folder above it is trashed or deleted.
CREATE TABLE folder_node (
    folder_id  UUID PRIMARY KEY,
    owner_id   UUID        NOT NULL,
    name       TEXT,
    parent_id  UUID,
    path       TEXT,
    meta_at    TIMESTAMPTZ,
    state      TEXT        NOT NULL DEFAULT 'live',
    state_at   TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX folder_node_owner_idx ON folder_node (owner_id);
CREATE INDEX folder_node_parent_idx ON folder_node (parent_id);

-- Accesses per file and day (UTC).
CREATE TABLE file_daily (
    file_id         UUID   NOT NULL,
    day             DATE   NOT NULL,
    owner_id        UUID   NOT NULL,
    downloads       BIGINT NOT NULL DEFAULT 0,
    share_views     BIGINT NOT NULL DEFAULT 0,
    share_downloads BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (file_id, day)
);
CREATE INDEX file_daily_owner_day_idx ON file_daily (owner_id, day);

-- Accesses per owner and day, including those no single file stands for (views of a folder link, drops).
CREATE TABLE owner_daily (
    owner_id        UUID   NOT NULL,
    day             DATE   NOT NULL,
    downloads       BIGINT NOT NULL DEFAULT 0,
    share_views     BIGINT NOT NULL DEFAULT 0,
    share_downloads BIGINT NOT NULL DEFAULT 0,
    share_uploads   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (owner_id, day)
);

-- One processing job per file content (file id and SHA-256): queued by the upload, then
-- processing.started / completed / failed.
CREATE TABLE processing_job (
    id               UUID PRIMARY KEY,
    file_id          UUID        NOT NULL,
    owner_id         UUID        NOT NULL,
    source_sha256    TEXT,
    status           TEXT        NOT NULL,
    status_at        TIMESTAMPTZ NOT NULL,
    runs             INTEGER     NOT NULL DEFAULT 0,
    reason           TEXT,
    thumbnail_sha256 TEXT,
    preview_sha256   TEXT,
    width            INTEGER,
    height           INTEGER,
    taken_at         TIMESTAMPTZ,
    page_count       INTEGER,
    duration_ms      BIGINT,
    result_at        TIMESTAMPTZ,
    queued_at        TIMESTAMPTZ,
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX processing_job_owner_idx ON processing_job (owner_id, status_at DESC);
CREATE INDEX processing_job_file_idx ON processing_job (file_id);

-- Replays that have run: a replay id (depot.analytics.replay) is honoured once.
CREATE TABLE replay_run (
    token      TEXT PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL
);

-- A user's subscription of a URL to event types. The secret signs deliveries; it is shown once.
CREATE TABLE webhook (
    id                   UUID PRIMARY KEY,
    owner_id             UUID        NOT NULL,
    url                  TEXT        NOT NULL,
    event_types          TEXT[]      NOT NULL,
    description          TEXT,
    secret               TEXT        NOT NULL,
    active               BOOLEAN     NOT NULL DEFAULT true,
    consecutive_failures INTEGER     NOT NULL DEFAULT 0,
    disabled_at          TIMESTAMPTZ,
    disabled_reason      TEXT,
    last_delivery_at     TIMESTAMPTZ,
    last_success_at      TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_owner_idx ON webhook (owner_id) WHERE active;

-- One event to one webhook: pending until it succeeds or runs out of attempts.
CREATE TABLE webhook_delivery (
    id              UUID PRIMARY KEY,
    webhook_id      UUID        NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_id        UUID        NOT NULL,
    event_type      TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_attempt_at TIMESTAMPTZ,
    response_status INTEGER,
    error           TEXT,
    delivered_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id, created_at DESC);
