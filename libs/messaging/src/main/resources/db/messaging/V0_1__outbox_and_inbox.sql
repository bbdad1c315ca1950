-- Events waiting to be published: written in the same transaction as the change they describe,
-- deleted by the relay once Kafka has acknowledged them.
CREATE TABLE outbox_event (
    seq        BIGSERIAL PRIMARY KEY,
    id         UUID        NOT NULL UNIQUE,
    topic      TEXT        NOT NULL,
    event_key  TEXT        NOT NULL,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Events a consumer has applied, recorded in the same transaction as their effect,
-- so a redelivered event is recognised and skipped.
CREATE TABLE inbox_event (
    consumer   TEXT        NOT NULL,
    event_id   UUID        NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
