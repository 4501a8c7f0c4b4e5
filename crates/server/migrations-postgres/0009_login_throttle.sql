-- Spotdesk schema v9: sign-in throttling, shared by every server process on the database
-- (policy: crates/server/src/login_throttle.rs).
-- (PostgreSQL dialect of the SQLite file with the same name: the same standard SQL.)

-- Consecutive failed sign-ins per counter: `pair` (username and address), `account` (username;
-- address ''), `address` (address; username ''). An unknown client address is ''. Rows without
-- a failure for a day are deleted, so made-up usernames leave nothing lasting.
CREATE TABLE login_throttle (
    scope        TEXT NOT NULL CHECK (scope IN ('pair', 'account', 'address')),
    username     TEXT NOT NULL,
    address      TEXT NOT NULL,
    failures     BIGINT NOT NULL,
    last_failure TEXT NOT NULL,
    PRIMARY KEY (scope, username, address)
);
CREATE INDEX login_throttle_last_failure ON login_throttle (last_failure);

-- Addresses each account signed in from (kept 30 days after the last sign-in): there the
-- account-wide and address-wide counters do not apply, so nobody can lock an owner out of
-- their own address by failing on purpose elsewhere.
CREATE TABLE login_known_addresses (
    username     TEXT NOT NULL,
    address      TEXT NOT NULL,
    last_success TEXT NOT NULL,
    PRIMARY KEY (username, address)
);
CREATE INDEX login_known_addresses_last_success ON login_known_addresses (last_success);
