-- WebDAV dead properties (PROPPATCH): any XML a client stores on a file or folder, kept with the
-- resource's id so that they follow it when it is moved or renamed. The element is kept as written,
-- namespace declarations included, and given back verbatim.
CREATE TABLE dav_property (
    resource_id UUID NOT NULL,
    namespace   TEXT NOT NULL,
    name        TEXT NOT NULL,
    xml         TEXT NOT NULL,
    PRIMARY KEY (resource_id, namespace, name)
);

-- WebDAV write locks (LOCK/UNLOCK). A lock is on a path of its owner's drive, as RFC 4918 has it
-- (it stays with the URL, not with what is moved away from it); one of depth infinity covers
-- everything below the path too. Expired locks are ignored and swept.
CREATE TABLE dav_lock (
    token          TEXT PRIMARY KEY,
    owner_id       UUID        NOT NULL,
    path           TEXT        NOT NULL,
    depth_infinite BOOLEAN     NOT NULL,
    exclusive      BOOLEAN     NOT NULL,
    owner_xml      TEXT,
    timeout_secs   BIGINT      NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX dav_lock_owner_idx ON dav_lock (owner_id, expires_at);
