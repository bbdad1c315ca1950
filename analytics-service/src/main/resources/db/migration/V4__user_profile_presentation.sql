-- How a user presents themselves (user_detail.full_name and profile_picture), from the user.* events.
ALTER TABLE user_profile ADD COLUMN display_name TEXT;
ALTER TABLE user_profile ADD COLUMN avatar_url TEXT;
