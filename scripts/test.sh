#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up, formatting, lints, native tests (core, API
# types, demo generator, server API against real SQLite files over real HTTP, then the server
# tests again against PostgreSQL, including two server processes on one database), the SPA's
# release build, and end-to-end tests in headless Chromium against the real server.
#
#   scripts/test.sh           the full run (what CI runs, .ci/run)
#   scripts/test.sh --quick   the inner loop, a few minutes: format, clippy, and the native tests
#                             of the packages touched since the last commit (see quick() below)
set -euo pipefail
cd "$(dirname "$0")/.."

# The quick loop: `cargo fmt --check`, clippy on the native crates (and on the SPA for wasm32
# when the SPA's sources changed), then `cargo test` of the packages touched by the last commit
# and the uncommitted changes (`git diff --name-only HEAD~1` plus `git status --porcelain`):
# crates/X -> that crate's package, src/ or tests/*.rs -> spotdesk-web, openapi/ ->
# spotdesk-server (the test that the committed document is current), the root Cargo.toml (or
# Cargo.lock without a member's Cargo.toml beside it) -> every package. The tidy test
# (tests/tidy.rs, the house rules read from the whole tree) runs every time; a changed root
# clippy.toml (the browser rules) also runs the SPA's wasm32 clippy. Server tests run on
# SQLite only. Not run:
# the PostgreSQL pass, the release build, contract, end-to-end and benchmark tests, and the
# tests of packages that only depend on a touched one (clippy still compiles them, tests
# included). The full run stays the gate. No set-up run: the quick loop needs only cargo with
# rustfmt and clippy (and the wasm32 target for the SPA's lints), and adds a missing one.
quick() {
  source scripts/env.sh
  local started=$SECONDS
  step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

  local base=HEAD~1
  git rev-parse -q --verify "$base^{commit}" >/dev/null || base=$(git hash-object -t tree /dev/null)
  local -a changed=()
  mapfile -t changed < <({
    git diff --name-only "$base"
    local entry
    while IFS= read -r -d '' entry; do
      printf '%s\n' "${entry:3}"
      # A rename or copy is followed by its old path.
      if [[ ${entry:0:2} == *[RC]* ]]; then IFS= read -r -d '' entry && printf '%s\n' "$entry"; fi
    done < <(git status --porcelain=v1 -z --untracked-files=all)
  } | sort -u)

  local -A packages=()
  local all=false spa=false lock=false manifest=false e2e=false bench=false f dir name
  for f in "${changed[@]}"; do
    case "$f" in
      crates/bench-wasm/*) bench=true ;;
      crates/*/*)
        dir=${f#crates/}; dir=crates/${dir%%/*}
        [[ $f == "$dir/Cargo.toml" ]] && manifest=true
        # The package name: `name = "..."` of the crate's [package] section.
        name=$(awk -F'"' '/^\[package\]/ { p = 1; next } /^\[/ { p = 0 } p && /^name *=/ { print $2; exit }' \
          "$dir/Cargo.toml" 2>/dev/null || true)
        [[ -n $name ]] && packages[$name]=1 ;;
      src/* | build.rs | .cargo/*) packages[spotdesk-web]=1; spa=true ;;
      tests/*.rs) packages[spotdesk-web]=1 ;;
      clippy.toml) spa=true ;;
      openapi/*) packages[spotdesk-server]=1 ;;
      Cargo.toml) all=true; spa=true ;;
      Cargo.lock) lock=true ;;
      tests/e2e/*) e2e=true ;;
      tests/bench/* | bench/*) bench=true ;;
    esac
  done
  if $lock && ! $manifest; then all=true; spa=true; fi

  printf 'changed since %s: %d files\n' "$([[ $base == HEAD~1 ]] && echo HEAD~1 || echo 'the first commit')" "${#changed[@]}"

  # Tools: only what this loop uses; setup.sh (trunk, wasm-bindgen, npm, Chromium, ...) is not needed.
  local comp
  for comp in rustfmt clippy; do
    rustup component list --installed | grep -q "^$comp" || rustup component add "$comp"
  done
  if $spa && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi

  step "format"
  cargo fmt --all -- --check

  step "clippy (native crates)"
  cargo clippy --all-targets --locked -- -D warnings
  if $spa; then
    step "clippy (the SPA on wasm32: its sources changed)"
    cargo clippy -p spotdesk-web --target wasm32-unknown-unknown --locked -- -D warnings
  fi

  step "house rules (tests/tidy.rs reads the whole tree)"
  cargo test --locked -p spotdesk-web --test tidy

  if $all; then
    step "native tests: every package (the workspace manifest or the lock file changed; server on SQLite)"
    env -u SPOTDESK_TEST_DATABASE_URL cargo test --locked
  elif ((${#packages[@]})); then
    local -a names=() args=()
    mapfile -t names < <(printf '%s\n' "${!packages[@]}" | sort)
    for name in "${names[@]}"; do args+=(-p "$name"); done
    step "native tests of the touched packages: ${names[*]} (server on SQLite)"
    env -u SPOTDESK_TEST_DATABASE_URL cargo test --locked "${args[@]}"
  else
    step "native tests: no package touched"
  fi

  if $e2e; then
    printf '\nnote: tests/e2e changed; the quick loop runs no end-to-end tests (CONTRIBUTING.md)\n'
  fi
  if $bench; then
    printf '\nnote: the benchmark crate or harness changed; the full run checks it (tests/bench)\n'
  fi
  printf '\nquick loop passed in %d s; scripts/test.sh (no arguments) is the full run CI makes.\n' \
    $((SECONDS - started))
}

case "${1:-}" in
  "") ;;
  --quick) quick; exit 0 ;;
  *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac

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
