-- Spotdesk schema v13: the operator's own address register (issue 21), imported with
-- `spotdesk-server import addresses` and searched by the geocoder when it has any rows.
-- (SQLite dialect; PostgreSQL has the same tables under the same number.)

-- One row per address of the operator's file, keyed by the operator's own id. `place` is the
-- normalised name words of the address without its house (core's gazetteer::register),
-- `house_no`/`house_key` its house number and normalised house (`12k2`). `import_id` is the
-- import that last wrote the row (`--replace` removes rows an import did not write).
-- WITHOUT ROWID: the id is the key, so an import maintains two b-trees per row, not three.
CREATE TABLE addresses (
    id        TEXT PRIMARY KEY,
    address   TEXT NOT NULL,
    region    TEXT,
    city      TEXT,
    street    TEXT,
    house     TEXT,
    building  TEXT,
    lat       DOUBLE PRECISION NOT NULL,
    long      DOUBLE PRECISION NOT NULL,
    place     TEXT NOT NULL,
    house_no  INTEGER,
    house_key TEXT NOT NULL,
    import_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX addresses_place_house ON addresses (place, house_no);

-- The distinct places of `addresses`, with a display name and a point (one of its houses),
-- for answers to queries without a house number.
CREATE TABLE address_places (
    place TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    lat   DOUBLE PRECISION NOT NULL,
    long  DOUBLE PRECISION NOT NULL
) WITHOUT ROWID;

-- Every name word of every place: prefix search is a range scan of the primary key.
CREATE TABLE address_words (
    word  TEXT NOT NULL,
    place TEXT NOT NULL,
    PRIMARY KEY (word, place)
) WITHOUT ROWID;

-- Words found with one typo: each word under itself and its one-letter deletions.
CREATE TABLE address_typos (
    typo_key TEXT NOT NULL,
    word     TEXT NOT NULL,
    PRIMARY KEY (typo_key, word)
) WITHOUT ROWID;

-- One row per applied import: when, which file, how many rows it wrote.
CREATE TABLE address_imports (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    file     TEXT NOT NULL,
    rows     INTEGER NOT NULL,
    replaced INTEGER NOT NULL CHECK (replaced IN (0, 1))
);
