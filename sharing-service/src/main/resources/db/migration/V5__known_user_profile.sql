-- How a user presents themselves, for owner_detail; learnt from user.registered and user.logged_in.
ALTER TABLE known_user ADD COLUMN display_name text;
ALTER TABLE known_user ADD COLUMN avatar_url text;
