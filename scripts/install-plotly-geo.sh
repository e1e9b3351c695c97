#!/usr/bin/env bash
# Installs plotly.js's geo-only partial bundle (pinned by package-lock.json, same version as Dash's plotly.js) into
# node_modules/ and copies it, with brotli and gzip copies compressed once at the highest levels, to vendor/, where
# the dashboard serves it (dashboard/plotly_bundle.py). Both folders are ignored by git. Without npm, or when the
# install fails, the dashboard serves Dash's own full plotly.js: the page works the same, its first load is larger.
# Never fails the set-up.
set -uo pipefail
cd "$(dirname "$0")/.."
SOURCE=node_modules/plotly.js-geo-dist-min/plotly-geo.min.js
TARGET=vendor/plotly-geo.min.js

fallback() {
  echo "install-plotly-geo: $1; the dashboard will serve Dash's full plotly.js (larger first load)." >&2
  exit 0
}

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  fallback "npm not found"
fi
if [ -f "$TARGET" ] && [ "$TARGET" -nt package-lock.json ] && [ "$TARGET" -nt package.json ]; then
  exit 0  # already installed from this lock file
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || fallback "'npm ci' failed"
mkdir -p vendor
cp "$SOURCE" "$TARGET.tmp" || fallback "$SOURCE is missing"
node -e '
  const fs = require("fs"), zlib = require("zlib");
  const file = process.argv[1], data = fs.readFileSync(file);
  const {BROTLI_PARAM_QUALITY, BROTLI_MAX_QUALITY, BROTLI_PARAM_SIZE_HINT} = zlib.constants;
  fs.writeFileSync(file + ".br", zlib.brotliCompressSync(data, {params: {
    [BROTLI_PARAM_QUALITY]: BROTLI_MAX_QUALITY, [BROTLI_PARAM_SIZE_HINT]: data.length}}));
  fs.writeFileSync(file + ".gz", zlib.gzipSync(data, {level: 9}));
' "$TARGET.tmp" || fallback "compressing $TARGET failed"
# The compressed copies first: the app checks each against the bundle and ignores one that does not match.
mv "$TARGET.tmp.br" "$TARGET.br" && mv "$TARGET.tmp.gz" "$TARGET.gz" && mv "$TARGET.tmp" "$TARGET" \
  || fallback "could not write $TARGET"
echo "install-plotly-geo: plotly.js $(head -c 200 "$TARGET" | grep -o "v[0-9][0-9.]*" | head -1) geo bundle at $TARGET"
