-- Spotdesk schema v1 (SQLite).
--
-- Conventions, chosen so a later PostgreSQL port is mostly mechanical:
-- * ids are `INTEGER PRIMARY KEY` (PostgreSQL: `BIGINT GENERATED ALWAYS AS IDENTITY`);
-- * instants are TEXT in one fixed-width UTC format, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, so string
--   order equals time order (keyset paging and range filters rely on this; PostgreSQL: TIMESTAMPTZ);
-- * dates are TEXT `YYYY-MM-DD` (PostgreSQL: DATE);
-- * structured values that are always read and written whole are JSON text (PostgreSQL: JSONB);
-- * enums are TEXT holding the API wire name, guarded by CHECK constraints;
-- * no SQLite-only syntax except `AUTOINCREMENT` on `events.seq` (never reuse a sequence number).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'engineer', 'coordinator', 'manager', 'admin')),
    group_code    TEXT,
    created_at    TEXT NOT NULL
);

-- Bearer tokens are stored only as their SHA-256 (hex): a leaked database grants no sessions.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- The service catalogue (services with their fields and SLA policies, routing rules, groups,
-- holidays, business day) is one JSON document in a single row. It is small, always read whole
-- (`GET /catalogue`, validation, SLA), edited whole by administrators, and its nested shape
-- (field specs, choice options, per-kind/per-line policies) would need six tables to normalise
-- with nothing gained: no query ever filters by a part of it. Tickets refer to services and
-- groups by their stable codes, which the catalogue never renames.
CREATE TABLE catalogue (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE spots (
    id            INTEGER PRIMARY KEY,
    spot_key      TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('registered', 'in_work', 'resolved')),
    outline       TEXT NOT NULL,
    center_lat    DOUBLE PRECISION NOT NULL,
    center_long   DOUBLE PRECISION NOT NULL,
    topic         TEXT,
    technology    TEXT,
    priority      DOUBLE PRECISION NOT NULL,
    group_code    TEXT,
    cause         TEXT,
    public_note   TEXT,
    expected_fix  TEXT,
    created_by    INTEGER REFERENCES users (id),
    registered_at TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    resolved_at   TEXT,
    version       BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX spots_status ON spots (status);
CREATE INDEX spots_registered_at ON spots (registered_at);

CREATE TABLE incidents (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('registered', 'diagnosis', 'in_work', 'resolved', 'confirmed', 'reopened')),
    area                TEXT NOT NULL,
    service_codes       TEXT NOT NULL,
    topic               TEXT,
    affected_customers  BIGINT NOT NULL DEFAULT 0,
    owner_group         TEXT,
    cause               TEXT,
    public_note         TEXT,
    expected_resolution TEXT,
    informed_units      TEXT NOT NULL,
    spot_id             INTEGER REFERENCES spots (id),
    created_by          INTEGER REFERENCES users (id),
    registered_at       TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    resolved_at         TEXT,
    version             BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX incidents_status ON incidents (status);
CREATE INDEX incidents_registered_at ON incidents (registered_at);

CREATE TABLE tickets (
    id                 INTEGER PRIMARY KEY,
    service_code       TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('incident', 'service_request')),
    channel            TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'office', 'social', 'partner')),
    topic              TEXT NOT NULL,
    description        TEXT NOT NULL,
    customer_phone     TEXT NOT NULL,
    customer_name      TEXT,
    address_string     TEXT NOT NULL,
    lat                DOUBLE PRECISION NOT NULL,
    long               DOUBLE PRECISION NOT NULL,
    segment            TEXT CHECK (segment IN ('mass', 'business', 'vip')),
    lifetime_value     DOUBLE PRECISION,
    line               SMALLINT NOT NULL CHECK (line BETWEEN 1 AND 3),
    agency_responsible TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('new', 'in_work', 'waiting', 'planned', 'resolved', 'closed', 'reopened')),
    status_notes       TEXT,
    expected_datetime  TEXT NOT NULL,
    planned_at         TEXT,
    fields             TEXT NOT NULL DEFAULT '{}',
    incident_id        INTEGER REFERENCES incidents (id),
    spot_id            INTEGER REFERENCES spots (id),
    created_by         INTEGER REFERENCES users (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    resolved_at        TEXT,
    version            BIGINT NOT NULL DEFAULT 1,
    rating             SMALLINT CHECK (rating BETWEEN 1 AND 5)
);
-- Keyset orders of `GET /tickets` (created desc/asc, deadline asc) and its filters.
CREATE INDEX tickets_created ON tickets (created_at, id);
CREATE INDEX tickets_deadline ON tickets (expected_datetime, id);
CREATE INDEX tickets_group_created ON tickets (agency_responsible, created_at, id);
CREATE INDEX tickets_status_created ON tickets (status, created_at, id);
CREATE INDEX tickets_service_created ON tickets (service_code, created_at, id);
CREATE INDEX tickets_incident ON tickets (incident_id);
CREATE INDEX tickets_spot ON tickets (spot_id);

-- One row per accepted ticket change: who, when, and `{"field": {"from": .., "to": ..}}`.
CREATE TABLE ticket_history (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id),
    at         TEXT NOT NULL,
    version    BIGINT NOT NULL,
    changes    TEXT NOT NULL
);
CREATE INDEX ticket_history_ticket ON ticket_history (ticket_id, id);

-- Idempotent creates: (user, scope, key) is unique; the body hash detects key reuse.
CREATE TABLE idempotency_keys (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope      TEXT NOT NULL,
    idem_key   TEXT NOT NULL,
    body_hash  TEXT NOT NULL,
    entity_id  BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, scope, idem_key)
);

CREATE TABLE incident_tickets (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    linked_at   TEXT NOT NULL,
    PRIMARY KEY (incident_id, ticket_id)
);
CREATE INDEX incident_tickets_ticket ON incident_tickets (ticket_id);

CREATE TABLE spot_tickets (
    spot_id   INTEGER NOT NULL REFERENCES spots (id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    linked_at TEXT NOT NULL,
    PRIMARY KEY (spot_id, ticket_id)
);
CREATE INDEX spot_tickets_ticket ON spot_tickets (ticket_id);

-- Coverage cells; `geometry` is the GeoJSON Polygon, the bbox columns allow cheap prefilters.
CREATE TABLE coverage_features (
    id         INTEGER PRIMARY KEY,
    technology TEXT NOT NULL CHECK (technology IN ('2g', '3g', '4g', '5g')),
    quality    DOUBLE PRECISION NOT NULL,
    geometry   TEXT NOT NULL,
    min_lat    DOUBLE PRECISION NOT NULL,
    max_lat    DOUBLE PRECISION NOT NULL,
    min_long   DOUBLE PRECISION NOT NULL,
    max_long   DOUBLE PRECISION NOT NULL
);
CREATE INDEX coverage_features_technology ON coverage_features (technology, id);

-- The change log behind `GET /events`, written in the same transaction as each change.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    entity    TEXT NOT NULL CHECK (entity IN ('ticket', 'incident', 'spot')),
    entity_id BIGINT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('created', 'updated')),
    at        TEXT NOT NULL
);

-- Messages to customers and business units, delivered by a later worker.
CREATE TABLE notification_outbox (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT
);
CREATE INDEX notification_outbox_unsent ON notification_outbox (sent_at, id);
