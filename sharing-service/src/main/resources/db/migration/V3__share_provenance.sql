-- Provenance of a share: the owner of the shared resource (who may manage every share of it), and,
-- for a share made by someone other than that owner, the user share that gave its maker admin.
-- Revoking or downgrading that share revokes what was made through it, transitively.
ALTER TABLE share ADD COLUMN resource_owner_id UUID;
ALTER TABLE share ADD COLUMN granted_via UUID;
-- Older rows never recorded the resource's owner: take the maker as the owner (so far the usual case).
UPDATE share SET resource_owner_id = owner_id;
ALTER TABLE share ALTER COLUMN resource_owner_id SET NOT NULL;

CREATE INDEX share_resource_owner_idx ON share (resource_owner_id, created_at DESC) WHERE revoked_at IS NULL;
CREATE INDEX share_granted_via_idx ON share (granted_via) WHERE revoked_at IS NULL;
