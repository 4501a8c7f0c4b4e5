-- Spotdesk schema v14 (issue 21): the operator's own coverage layers and customer register.
-- (PostgreSQL dialect; SQLite has the same under the same number.)

-- Coverage layers take the operator's names (`fixed`, `wifi`, ... besides 2g..5g).
-- `content_key` is the SHA-256 of an imported polygon (layer, quality, geometry): importing
-- the same polygon again adds nothing. Demo cells have none.
ALTER TABLE coverage_features DROP CONSTRAINT IF EXISTS coverage_features_technology_check;
ALTER TABLE coverage_features ADD COLUMN content_key TEXT;
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
