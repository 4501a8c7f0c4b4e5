-- Spotdesk schema v12: the configuration (the catalogue document) is administered through
-- GET/PUT /admin/configuration: versioned for If-Match, with who changed it last, and its
-- changes announced on the change stream. (PostgreSQL dialect of the SQLite file with the same
-- name.)

-- `version` counts replacements of the document (If-Match on PUT /admin/configuration);
-- `updated_by` is the display name of who made the last one (absent for a seeded document).
-- The `catalogue_notify` trigger of 0001 still tells every server process to reload it.
ALTER TABLE catalogue ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE catalogue ADD COLUMN updated_by TEXT;

-- `events.entity` gains 'configuration' (the document was replaced; `entity_id` is its new
-- version). PostgreSQL alters the CHECK constraint in place (SQLite rebuilds the table); the
-- rows, the sequence and the NOTIFY trigger stay as they are.
ALTER TABLE events DROP CONSTRAINT events_entity_check;
ALTER TABLE events ADD CONSTRAINT events_entity_check
    CHECK (entity IN ('ticket', 'incident', 'spot', 'proposal', 'configuration'));
