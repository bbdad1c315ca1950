-- A POST /shares/ sent with an Idempotency-Key: the shares it made, so that the same request again (a
-- client retrying after an answer it never got) is answered with them instead of making new ones. Written
-- in the transaction that makes the shares, so a key is recorded exactly when its shares are. Kept a day.
CREATE TABLE share_request (
    id UUID PRIMARY KEY,
    owner_id UUID NOT NULL,
    idempotency_key TEXT NOT NULL,
    -- SHA-256 of what the request asked for: the same key with another body is refused.
    fingerprint TEXT NOT NULL,
    -- The shares made, in the request's order, separated by spaces.
    share_ids TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT share_request_key UNIQUE (owner_id, idempotency_key)
);
CREATE INDEX share_request_created_idx ON share_request (created_at);
