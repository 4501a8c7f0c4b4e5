-- Spotdesk schema v3: messages to customers when their problem is fixed, and invitations to
-- rate the fix. Same conventions as 0001.
-- (PostgreSQL dialect of the SQLite file with the same name; see 0001 for the differences.)

-- What a queued message is about, so a delivery adapter can pick a template: `fix_done` for
-- "the problem you reported is fixed", `message` for anything older or free-form.
ALTER TABLE notification_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'message';

-- One invitation per notified complaint. The token travels only inside the outbox message to
-- the customer; here it is kept as its SHA-256 (hex), like session tokens.
CREATE TABLE rating_invitations (
    token_hash TEXT PRIMARY KEY,
    ticket_id  BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    source     TEXT NOT NULL CHECK (source IN ('spot', 'incident', 'ticket')),
    source_id  BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    rated_at   TEXT
);
CREATE INDEX rating_invitations_ticket ON rating_invitations (ticket_id);
