-- Spotdesk schema v6: public subscriptions ("tell me when it is fixed") and fix ratings.

-- A customer's wish to hear about a fix at a place. `token_hash` (SHA-256 hex of the rating
-- token sent in the message) and `source`/`source_id` are set when the fix is announced.
CREATE TABLE public_subscriptions (
    id          INTEGER PRIMARY KEY,
    contact     TEXT NOT NULL,
    lat         REAL NOT NULL,
    long        REAL NOT NULL,
    created_at  TEXT NOT NULL,
    notified_at TEXT,
    source      TEXT,
    source_id   BIGINT,
    token_hash  TEXT UNIQUE
);
CREATE INDEX public_subscriptions_open ON public_subscriptions (notified_at);

-- One rating per invitation token (from rating_invitations or public_subscriptions).
CREATE TABLE fix_ratings (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    source     TEXT NOT NULL CHECK (source IN ('spot', 'incident', 'ticket')),
    source_id  BIGINT NOT NULL,
    score      INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment    TEXT,
    rated_at   TEXT NOT NULL
);
CREATE INDEX fix_ratings_rated ON fix_ratings (rated_at);
