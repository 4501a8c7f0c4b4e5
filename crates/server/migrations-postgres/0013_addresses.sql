-- Spotdesk schema v13: the operator's own address register (issue 21), imported with
-- `spotdesk-server import addresses` and searched by the geocoder when it has any rows.
-- (PostgreSQL dialect of the SQLite file with the same name.)

-- Search keys are COLLATE "C": byte order, the same as SQLite's, so a prefix is one range
-- scan of the index (`word >= 'len' AND word < 'len' || U+10FFFF`) whatever the database's
-- collation.
CREATE TABLE addresses (
    id        TEXT COLLATE "C" PRIMARY KEY,
    address   TEXT NOT NULL,
    region    TEXT,
    city      TEXT,
    street    TEXT,
    house     TEXT,
    building  TEXT,
    lat       DOUBLE PRECISION NOT NULL,
    long      DOUBLE PRECISION NOT NULL,
    place     TEXT COLLATE "C" NOT NULL,
    house_no  BIGINT,
    house_key TEXT NOT NULL,
    import_id BIGINT NOT NULL
);
CREATE INDEX addresses_place_house ON addresses (place, house_no);

CREATE TABLE address_places (
    place TEXT COLLATE "C" PRIMARY KEY,
    name  TEXT NOT NULL,
    lat   DOUBLE PRECISION NOT NULL,
    long  DOUBLE PRECISION NOT NULL
);

CREATE TABLE address_words (
    word  TEXT COLLATE "C" NOT NULL,
    place TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (word, place)
);

CREATE TABLE address_typos (
    typo_key TEXT COLLATE "C" NOT NULL,
    word     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (typo_key, word)
);

CREATE TABLE address_imports (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       TEXT NOT NULL,
    file     TEXT NOT NULL,
    rows     BIGINT NOT NULL,
    replaced BIGINT NOT NULL CHECK (replaced IN (0, 1))
);
