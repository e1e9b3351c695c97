#!/usr/bin/env bash
# Installs the browser packages the dashboard serves in place of larger ones of Dash's (pinned by package-lock.json):
# plotly.js's geo-only partial bundle (same version as Dash's plotly.js) and regenerator-runtime (instead of Dash's
# polyfill). npm puts them in node_modules/; this copies each to vendor/, where dashboard/server/vendor.py serves
# them (their compressed copies are made next, by `python -m dashboard.server.compression build`). Both folders are
# ignored by git. Without npm, or when the install fails, the dashboard serves Dash's own scripts: the page works the
# same, its first load is larger. Never fails the set-up.
set -uo pipefail
cd "$(dirname "$0")/.."
FILES=("node_modules/plotly.js-geo-dist-min/plotly-geo.min.js vendor/plotly-geo.min.js"
       "node_modules/regenerator-runtime/runtime.js vendor/regenerator-runtime.js")

fallback() {
  echo "install-vendor: $1; the dashboard will serve Dash's own plotly.js and polyfill (larger first load)." >&2
  exit 0
}

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  fallback "npm not found"
fi
current=yes
for pair in "${FILES[@]}"; do
  target=${pair#* }
  if ! { [ -f "$target" ] && [ "$target" -nt package-lock.json ] && [ "$target" -nt package.json ]; }; then current=no; fi
done
[ "$current" = yes ] && exit 0  # already installed from this lock file
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || fallback "'npm ci' failed"
mkdir -p vendor
for pair in "${FILES[@]}"; do
  source=${pair% *} target=${pair#* }
  cp "$source" "$target.tmp" || fallback "$source is missing"
  mv "$target.tmp" "$target" || fallback "could not write $target"
  echo "install-vendor: $target ($(wc -c < "$target") bytes)"
done
