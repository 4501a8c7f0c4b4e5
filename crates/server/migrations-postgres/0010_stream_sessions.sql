-- Spotdesk schema v10: each live stream carries only what its reader may see, and belongs to
-- a session. (The same statements in both dialects.)

-- The group a ticket had when it changed: an engineer's stream carries only their group's
-- ticket changes. NULL for incidents, spots and proposals (every staff member sees those).
ALTER TABLE events ADD COLUMN ticket_group TEXT;
UPDATE events SET ticket_group = (SELECT t.agency_responsible FROM tickets t WHERE t.id = events.entity_id)
    WHERE entity = 'ticket';

-- Single-use tickets that open one `GET /events` stream from a browser (whose EventSource
-- cannot send an Authorization header), so no bearer token ever rides in a URL. Stored only
-- as SHA-256 hex, like session tokens; deleted when used, or with their session.
CREATE TABLE stream_tickets (
    ticket_hash  TEXT PRIMARY KEY,
    session_hash TEXT NOT NULL REFERENCES sessions (token_hash) ON DELETE CASCADE,
    expires_at   TEXT NOT NULL
);
CREATE INDEX stream_tickets_expires_at ON stream_tickets (expires_at);
