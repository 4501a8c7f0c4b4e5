-- Spotdesk schema v2: ticket comments, and a position index for "what is near this place".
-- Same conventions as 0001.

-- Comments on tickets, oldest first by id. A comment is not a change of the ticket (no
-- version bump, no history row) but is announced as a ticket `updated` event.
CREATE TABLE ticket_comments (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    body      TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX ticket_comments_ticket ON ticket_comments (ticket_id, id);

-- Bounding-box prefilter of `GET /location/context` (nearby open tickets).
CREATE INDEX tickets_position ON tickets (lat, long);
