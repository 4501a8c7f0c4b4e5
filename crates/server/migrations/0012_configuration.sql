-- Spotdesk schema v12: the configuration (the catalogue document) is administered through
-- GET/PUT /admin/configuration: versioned for If-Match, with who changed it last, and its
-- changes announced on the change stream. (SQLite dialect; migrations-postgres/ has the same
-- file for PostgreSQL.)

-- `version` counts replacements of the document (If-Match on PUT /admin/configuration);
-- `updated_by` is the display name of who made the last one (absent for a seeded document).
ALTER TABLE catalogue ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE catalogue ADD COLUMN updated_by TEXT;

-- `events.entity` gains 'configuration' (the document was replaced; `entity_id` is its new
-- version): every server process already uses it, open clients refetch GET /catalogue. The
-- CHECK constraint cannot be altered in place, so the table is rebuilt with the same rows and
-- sequence numbers (and `ticket_group`, since 0010).
CREATE TABLE events_v12 (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    entity       TEXT NOT NULL
        CHECK (entity IN ('ticket', 'incident', 'spot', 'proposal', 'configuration')),
    entity_id    BIGINT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('created', 'updated')),
    at           TEXT NOT NULL,
    ticket_group TEXT
);
INSERT INTO events_v12 (seq, entity, entity_id, action, at, ticket_group)
    SELECT seq, entity, entity_id, action, at, ticket_group FROM events;
DROP TABLE events;
ALTER TABLE events_v12 RENAME TO events;
