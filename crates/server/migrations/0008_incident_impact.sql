-- Spotdesk schema v8: incident impact estimated from coverage, and board changes that are not
-- tickets, incidents or spots (proposal dismissals) on the change stream. Standard SQL.

-- Customers estimated from the coverage layers inside the incident's area
-- (spotdesk_core::impact); `affected_customers` stays the larger of this and the linked customers.
ALTER TABLE incidents ADD COLUMN affected_estimated BIGINT NOT NULL DEFAULT 0;

-- `events.entity` gains 'proposal' (a burst proposal was dismissed: the list changed). The
-- CHECK constraint cannot be altered in place, so the table is rebuilt with the same rows
-- and sequence numbers.
CREATE TABLE events_v8 (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    entity    TEXT NOT NULL CHECK (entity IN ('ticket', 'incident', 'spot', 'proposal')),
    entity_id BIGINT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('created', 'updated')),
    at        TEXT NOT NULL
);
INSERT INTO events_v8 (seq, entity, entity_id, action, at)
    SELECT seq, entity, entity_id, action, at FROM events;
DROP TABLE events;
ALTER TABLE events_v8 RENAME TO events;
