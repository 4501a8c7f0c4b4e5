-- Spotdesk schema v5: the live incident board. Same conventions as 0001.
-- (PostgreSQL dialect of the SQLite file with the same name; see 0001 for the differences.)

-- When the current status was entered (escalation timers count from it), customers notified
-- by the last resolution, and the burst proposal an incident was registered from.
ALTER TABLE incidents ADD COLUMN status_since TEXT;
ALTER TABLE incidents ADD COLUMN notified_customers BIGINT NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN proposal_key TEXT;
CREATE UNIQUE INDEX incidents_proposal_key ON incidents (proposal_key) WHERE proposal_key IS NOT NULL;

-- Escalation levels already fired: one row per (incident, rule, deadline, level), so a new
-- deadline (e.g. a new status period) starts a new ladder.
CREATE TABLE incident_escalations (
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    rule        TEXT NOT NULL CHECK (rule IN ('not_resolved_by_expected', 'diagnosis_too_long', 'not_taken_into_work', 'no_owner')),
    deadline    TEXT NOT NULL,
    level       SMALLINT NOT NULL CHECK (level BETWEEN 1 AND 9),
    fired_at    TEXT NOT NULL,
    PRIMARY KEY (incident_id, rule, deadline, level)
);

-- Burst proposals a coordinator dismissed; every coordinator sees the same list.
CREATE TABLE incident_proposal_dismissals (
    proposal_key TEXT PRIMARY KEY,
    dismissed_by BIGINT REFERENCES users (id),
    dismissed_at TEXT NOT NULL
);

-- "Still not working" reports of linked customers after a resolution.
CREATE TABLE incident_still_broken (
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    ticket_id   BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    reported_at TEXT NOT NULL,
    PRIMARY KEY (incident_id, ticket_id, reported_at)
);
