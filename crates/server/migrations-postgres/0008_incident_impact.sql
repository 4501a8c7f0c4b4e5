-- Spotdesk schema v8: incident impact estimated from coverage, and board changes that are not
-- tickets, incidents or spots (proposal dismissals) on the change stream.
-- (PostgreSQL dialect of the SQLite file with the same name; see 0001 for the differences.)

-- Customers estimated from the coverage layers inside the incident's area
-- (spotdesk_core::impact); `affected_customers` stays the larger of this and the linked customers.
ALTER TABLE incidents ADD COLUMN affected_estimated BIGINT NOT NULL DEFAULT 0;

-- `events.entity` gains 'proposal' (a burst proposal was dismissed: the list changed).
-- PostgreSQL alters the CHECK constraint in place (SQLite rebuilds the table); the rows, the
-- sequence and the NOTIFY trigger stay as they are.
ALTER TABLE events DROP CONSTRAINT events_entity_check;
ALTER TABLE events ADD CONSTRAINT events_entity_check
    CHECK (entity IN ('ticket', 'incident', 'spot', 'proposal'));
