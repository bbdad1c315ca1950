-- How a user presents themselves, for owner_detail in the HackClub views; learnt from user.registered.
ALTER TABLE account ADD COLUMN email text;
ALTER TABLE account ADD COLUMN display_name text;
ALTER TABLE account ADD COLUMN avatar_url text;
