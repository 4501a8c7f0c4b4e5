#!/usr/bin/env bash
# Prints the Content-Security-Policy for serving the built SPA (dist/) from a plain web server
# or CDN, where no per-response nonce can be generated: the inline scripts of index.html are
# allowed by their SHA-256 hashes instead (recompute after every build).
#
#   scripts/static-csp.sh [DIST] [API_ORIGIN] [TILE_ORIGIN]
#
# DIST defaults to dist; API_ORIGIN (e.g. https://api.example.org) goes into connect-src when
# the API is on another origin; TILE_ORIGIN (e.g. https://*.tile.openstreetmap.org) into img-src.
set -euo pipefail
dist=${1:-dist}
api=${2:-}
tiles=${3:-}
[[ -f "$dist/index.html" ]] || { echo "static-csp.sh: no $dist/index.html (run trunk build --release)" >&2; exit 1; }
python3 - "$dist/index.html" "$api" "$tiles" <<'PY'
import base64, hashlib, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
api, tiles = sys.argv[2], sys.argv[3]
hashes = []
for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
    if "src=" in attrs.lower() or not body.strip():
        continue
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    hashes.append(f"'sha256-{digest}'")
script = " ".join(["'self'", *hashes, "'wasm-unsafe-eval'"])
img = " ".join(x for x in ["'self'", "data:", tiles] if x)
connect = " ".join(x for x in ["'self'", api] if x)
print(
    f"default-src 'self'; script-src {script}; style-src 'self'; img-src {img}; "
    f"connect-src {connect}; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
PY
