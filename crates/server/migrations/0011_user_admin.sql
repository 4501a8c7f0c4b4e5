-- Spotdesk schema v11: administration of people (accounts that can be disabled, one-time
-- passwords, versions for If-Match) and the audit log of administrative changes.
-- (SQLite dialect; migrations-postgres/ has the same file for PostgreSQL.)

-- `version` counts changes (If-Match on PATCH /admin/users/{id}); `must_change_password` is 1
-- while the password is a one-time password set by an administrator; a disabled account has
-- `disabled_at` and cannot sign in; `password_changed_at` is absent for older accounts.
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));
ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;

-- Who changed what, written in the same transaction as the change (store/audit.rs). The actor
-- is a user (`actor_id` and their username) or the command line (`actor_id` NULL, `actor_name`
-- 'cli'). `before_json`/`after_json` hold the object's administrable fields, never a password
-- or a hash. Ids are never reused (keyset paging, newest first).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id   INTEGER,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_object ON audit_log (object_kind, object_id);
CREATE INDEX audit_log_actor ON audit_log (actor_name);
