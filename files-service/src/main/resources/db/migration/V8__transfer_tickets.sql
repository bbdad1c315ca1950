-- Single-use download tickets of protected public links (a download limit, a password or an expiry):
-- each counted use of such a link gets one, good for one transfer. Only the SHA-256 of the ticket is kept.
CREATE TABLE transfer_ticket (
    hash            TEXT PRIMARY KEY,
    file_id         UUID        NOT NULL,
    -- The content the use was counted for: a ticket never serves bytes that replaced it.
    sha256          TEXT        NOT NULL,
    share_id        UUID        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    -- Never later than the share's own expiry.
    expires_at      TIMESTAMPTZ NOT NULL,
    claimed_at      TIMESTAMPTZ,
    -- Who claimed it: only they may continue the same transfer with Range requests.
    claimer_address TEXT,
    claimer_agent   TEXT
);
CREATE INDEX transfer_ticket_share_idx ON transfer_ticket (share_id);
CREATE INDEX transfer_ticket_expires_idx ON transfer_ticket (expires_at);

-- Shares sharing-service revoked: no ticket is issued for them any more, whatever request was in flight.
-- Kept a day, far longer than any request that could still ask.
CREATE TABLE transfer_revocation (
    share_id   UUID PRIMARY KEY,
    revoked_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX transfer_revocation_at_idx ON transfer_revocation (revoked_at);
