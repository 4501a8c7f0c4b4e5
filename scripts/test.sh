#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up, formatting, lints, native tests (core, API
# types, demo generator, server API against real SQLite files over real HTTP, then the server
# tests again against PostgreSQL, including two server processes on one database), the SPA's
# release build, and end-to-end tests in headless Chromium against the real server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
source scripts/env.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "clippy (native crates and the SPA on wasm32)"
cargo clippy --all-targets --locked -- -D warnings
cargo clippy -p spotdesk-web --target wasm32-unknown-unknown --locked -- -D warnings

step "native tests (server API tests on SQLite)"
env -u SPOTDESK_TEST_DATABASE_URL cargo test --locked

step "server API tests again on PostgreSQL (throwaway cluster on 127.0.0.1, scripts/pg.sh)"
pg_env=$(scripts/pg.sh start)   # a plain assignment, so a failed start stops the script
eval "$pg_env"
trap 'scripts/pg.sh stop' EXIT
SPOTDESK_TEST_DATABASE_URL="${SPOTDESK_TEST_DATABASE_URL:?pg.sh gave no URL}" cargo test --locked -p spotdesk-server
scripts/pg.sh stop
trap - EXIT

step "SPA release build"
trunk build --release --offline

step "server binary for end-to-end tests"
cargo build -p spotdesk-server --locked

step "contract tests (schemathesis against the OpenAPI document, ~1 min)"
SPOTDESK_SERVER_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/spotdesk-server" scripts/contract.sh

step "end-to-end tests (headless Chromium)"
SPOTDESK_SERVER_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/spotdesk-server" SPOTDESK_DIST="$PWD/dist" \
  node --test --test-concurrency=1 tests/e2e/

step "benchmark harness sanity check (tiny data in Chromium; the benchmark itself is scripts/bench.sh)"
cargo build -p spotdesk-bench-wasm --target wasm32-unknown-unknown --profile bench-wasm --locked
wasm-bindgen --target web --out-dir bench/pkg \
  "${CARGO_TARGET_DIR:-$PWD/target}/wasm32-unknown-unknown/bench-wasm/spotdesk_bench_wasm.wasm"
node --test --test-concurrency=1 tests/bench/
