#!/usr/bin/env bash
# Builds the SPA (release) and the reference server, then starts the server with demo data.
#   SPOTDESK_LISTEN (default 127.0.0.1:8080)  SPOTDESK_DB (default sqlite://spotdesk.db)
#   SPOTDESK_SEED (default 42)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

echo "[run] building the SPA (release)"
trunk build --release --offline
echo "[run] building the server"
cargo build -p spotdesk-server --profile server

echo "[run] demo accounts: agent, engineer, coordinator, manager, admin — password: demo"
exec target/server/spotdesk-server serve \
  --db "${SPOTDESK_DB:-sqlite://spotdesk.db}" \
  --listen "${SPOTDESK_LISTEN:-127.0.0.1:8080}" \
  --static-dir dist \
  --demo --seed "${SPOTDESK_SEED:-42}"
