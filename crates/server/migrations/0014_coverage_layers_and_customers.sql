-- Spotdesk schema v14 (issue 21): the operator's own coverage layers and customer register.
-- (SQLite dialect; PostgreSQL has the same under the same number.)

-- Coverage layers take the operator's names (`fixed`, `wifi`, ... besides 2g..5g): the CHECK
-- on `technology` goes, which SQLite can only do by rebuilding the table (ids kept).
-- `content_key` is the SHA-256 of an imported polygon (layer, quality, geometry): importing
-- the same polygon again adds nothing. Demo cells have none.
CREATE TABLE coverage_features_v14 (
    id          INTEGER PRIMARY KEY,
    technology  TEXT NOT NULL,
    quality     DOUBLE PRECISION NOT NULL,
    geometry    TEXT NOT NULL,
    min_lat     DOUBLE PRECISION NOT NULL,
    max_lat     DOUBLE PRECISION NOT NULL,
    min_long    DOUBLE PRECISION NOT NULL,
    max_long    DOUBLE PRECISION NOT NULL,
    content_key TEXT
);
INSERT INTO coverage_features_v14 (id, technology, quality, geometry, min_lat, max_lat, min_long, max_long)
    SELECT id, technology, quality, geometry, min_lat, max_lat, min_long, max_long FROM coverage_features;
DROP TABLE coverage_features;
ALTER TABLE coverage_features_v14 RENAME TO coverage_features;
CREATE INDEX coverage_features_technology ON coverage_features (technology, id);
CREATE UNIQUE INDEX coverage_features_content ON coverage_features (technology, content_key);

-- Where the operator's customers are (`spotdesk-server import customers`): one row per place
-- and counted technology or service. `place_key` is `a:<address id>` for a row given by an
-- address of the register, `p:<lat>,<long>` for one given by coordinates; `lat`/`long` are
-- the place's point (the address's, as of the import). `category` is a coverage layer name
-- (`4g`, `fixed`) or `service:<code>`.
CREATE TABLE customer_counts (
    place_key  TEXT NOT NULL,
    category   TEXT NOT NULL,
    customers  BIGINT NOT NULL,
    lat        DOUBLE PRECISION NOT NULL,
    long       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (place_key, category)
);
CREATE INDEX customer_counts_position ON customer_counts (lat, long);

-- Where an incident's `affected_estimated` comes from: `customer_register` or `density_model`.
ALTER TABLE incidents ADD COLUMN affected_source TEXT NOT NULL DEFAULT 'density_model';
