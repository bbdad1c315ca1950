-- Whether a public link's visitor may preview the shared files (the HackClub client's allow_preview).
ALTER TABLE share ADD COLUMN allow_preview BOOLEAN NOT NULL DEFAULT TRUE;
