-- Pinned notes list first; titles become unique (an import with a duplicate fails as a whole).
ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX notes_title ON notes (title);
CREATE INDEX notes_pinned ON notes (pinned DESC, id DESC);
