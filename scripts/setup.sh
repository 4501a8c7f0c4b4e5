#!/usr/bin/env bash
# Installs everything Spotdesk needs to build, run and test on a fresh Debian 12 machine
# with rustup and Node 20. Idempotent: each step checks first and is quick when done.
#
#   scripts/setup.sh          build + run tooling (wasm target, trunk, wasm-bindgen, npm packages)
#   scripts/setup.sh --test   also the test tooling (Chromium + ChromeDriver, schemathesis in .venv,
#                             PostgreSQL for the server tests' second pass, see scripts/pg.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.22.1
want_test=false
[[ "${1:-}" == "--test" ]] && want_test=true

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    local sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Rust: the wasm target and the lint/format components.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for comp in clippy rustfmt; do
  rustup component list --installed | grep -q "^$comp" || rustup component add "$comp"
done

# Trunk (builds the SPA). --ignore-rust-version: trunk 0.22 declares a newer rustc than it needs.
if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
  log "cargo install trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install --locked --ignore-rust-version trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen CLI: must match the wasm-bindgen crate in Cargo.lock exactly.
# Not --locked: its lock file pins a webpki-roots version the registry here lacks.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [[ -z "$wb_version" ]]; then
  log "Cargo.lock has no wasm-bindgen; run cargo generate-lockfile"; exit 1
fi
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wb_version" ]]; then
  log "cargo install wasm-bindgen-cli $wb_version"
  cargo install wasm-bindgen-cli --version "$wb_version"
fi

# npm: Leaflet (served from our own origin), binaryen's wasm-opt, playwright-core.
if [[ ! -d node_modules/leaflet || ! -d node_modules/chart.js || ! -d node_modules/@axe-core/playwright || ! -x node_modules/.bin/wasm-opt || ! -d node_modules/playwright-core || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

SCHEMATHESIS_VERSION=4.32.5
if $want_test; then
  apt_install chromium chromium-driver
  # PostgreSQL server binaries: scripts/pg.sh starts throwaway clusters from them (Debian's
  # own cluster is not needed and stays down where services are not started).
  apt_install postgresql
  # Schemathesis (contract tests, scripts/contract.sh) from PyPI in a project-local venv.
  if [[ "$(.venv/bin/schemathesis --version 2>/dev/null || true)" != *"$SCHEMATHESIS_VERSION"* ]]; then
    python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
    [[ -x .venv/bin/pip ]] || python3 -m venv .venv
    log "pip install schemathesis $SCHEMATHESIS_VERSION"
    .venv/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
fi
log "ready"
