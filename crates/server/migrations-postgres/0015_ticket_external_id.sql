-- Spotdesk schema v15 (issue 21): tickets imported from the operator's previous system
-- (`spotdesk-server import tickets`) keep that system's id, so importing the same file again
-- finds them instead of adding them twice. Tickets registered in Spotdesk have none.
-- (PostgreSQL dialect; SQLite has the same under the same number.)
ALTER TABLE tickets ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX tickets_external_id ON tickets (external_id);
