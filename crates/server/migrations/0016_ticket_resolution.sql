-- Spotdesk schema v16 (issue 22): closing the loop on single tickets. A ticket resolved
-- through the API keeps why (a code of its service's resolution causes, cleared when it is
-- reopened); a comment is an internal note or a reply that was sent to the customer (through
-- the notification outbox). Comments written before are notes.
-- (SQLite dialect; PostgreSQL has the same under the same number.)
ALTER TABLE tickets ADD COLUMN resolution_cause TEXT;
ALTER TABLE ticket_comments ADD COLUMN kind TEXT NOT NULL DEFAULT 'note'
    CHECK (kind IN ('note', 'reply'));
