-- Each user as the user.* events last described them, so that activity entries can name their user
-- (user_detail). Guarded by meta_at like the other read models: an older event never overwrites a newer one.
CREATE TABLE user_profile (
    user_id  UUID PRIMARY KEY,
    username TEXT,
    email    TEXT,
    meta_at  TIMESTAMPTZ NOT NULL
);
