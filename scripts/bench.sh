#!/usr/bin/env bash
# The whole browser benchmark (issue 8): builds the bench wasm (speed profile) and the
# release app, then runs bench/run.mjs in headless Chromium and writes bench/RESULTS.md.
#   scripts/bench.sh            full run (1M / 100k points, 20 samples; several minutes)
#   BENCH_SKIP_APP=1 scripts/bench.sh   reuse dist/ instead of `trunk build --release`
# Row 7 measures the split app's initial module (what the first paint downloads) against the
# target and reports the lazily loaded chunks beside it (bench/appsize.mjs).
# Not part of scripts/test.sh; the quick sanity test is tests/bench/harness.test.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export CARGO_INCREMENTAL=0
cargo build -p spotdesk-bench-wasm --target wasm32-unknown-unknown --profile bench-wasm
wasm-bindgen --target web --out-dir bench/pkg \
  target/wasm32-unknown-unknown/bench-wasm/spotdesk_bench_wasm.wasm
if [ -z "${BENCH_SKIP_APP:-}" ]; then
  trunk build --release --offline
fi
node bench/run.mjs --out "${BENCH_OUT:-bench/RESULTS.md}" "$@"
