-- Spotdesk schema v17 (issue 22): a ticket, an incident or a spot may be assigned to one
-- person who works on it (its group stays the owner). NULL: nobody in particular. The server
-- checks who may be assigned (access::may_work_on); an account is never deleted, only
-- disabled, so the reference stays valid.
-- (SQLite dialect; PostgreSQL has the same under the same number.)
ALTER TABLE tickets ADD COLUMN assignee_id INTEGER REFERENCES users (id);
ALTER TABLE incidents ADD COLUMN assignee_id INTEGER REFERENCES users (id);
ALTER TABLE spots ADD COLUMN assignee_id INTEGER REFERENCES users (id);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);
