-- The activity log: one row per domain event that describes something a user did.
CREATE TABLE activity_entry (
    id            UUID PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    user_id       UUID        NOT NULL,
    action        TEXT        NOT NULL,
    resource_type TEXT        NOT NULL,
    resource_id   TEXT        NOT NULL,
    resource_name TEXT,
    occurred_at   TIMESTAMPTZ NOT NULL,
    client_ip     TEXT,
    user_agent    TEXT
);
CREATE INDEX activity_entry_user_time_idx ON activity_entry (user_id, occurred_at DESC, id);
