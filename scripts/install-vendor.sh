#!/usr/bin/env bash
# Installs the browser packages the dashboard serves in place of larger ones of Dash's (pinned by package-lock.json):
# a plotly.js holding only what the map draws, built from plotly.js's own sources (same version as Dash's plotly.js)
# by scripts/plotly-bundle/build.js with esbuild, and regenerator-runtime (instead of Dash's polyfill). npm puts the
# packages in node_modules/; the bundle is written to vendor/ and regenerator-runtime copied there, where
# dashboard/server/vendor.py serves them (their compressed copies are made next, by
# `python -m dashboard.server.compression build`). Both folders are ignored by git. Without npm, or when the install
# or the build fails, the dashboard serves Dash's own scripts: the page works the same, its first load is larger.
# Never fails the set-up.
set -uo pipefail
cd "$(dirname "$0")/.."
BUNDLE=vendor/plotly-geo.min.js
REGENERATOR=vendor/regenerator-runtime.js
INPUTS=(package.json package-lock.json scripts/plotly-bundle/*.js)

fallback() {
  echo "install-vendor: $1; the dashboard will serve Dash's own plotly.js and polyfill (larger first load)." >&2
  exit 0
}

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  fallback "npm not found"
fi
current=yes
for target in "$BUNDLE" "$REGENERATOR"; do
  for input in "${INPUTS[@]}"; do
    if ! { [ -f "$target" ] && [ "$target" -nt "$input" ]; }; then current=no; fi
  done
done
[ "$current" = yes ] && exit 0  # already installed from these inputs
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || fallback "'npm ci' failed"
mkdir -p vendor
rm -f "$BUNDLE" "$REGENERATOR"  # a failure below leaves neither: never a bundle of other inputs
node scripts/plotly-bundle/build.js "$BUNDLE.tmp" && mv "$BUNDLE.tmp" "$BUNDLE" \
  || { rm -f "$BUNDLE.tmp"; fallback "building plotly.js failed"; }
cp node_modules/regenerator-runtime/runtime.js "$REGENERATOR.tmp" && mv "$REGENERATOR.tmp" "$REGENERATOR" \
  || fallback "could not copy regenerator-runtime"
for target in "$BUNDLE" "$REGENERATOR"; do
  echo "install-vendor: $target ($(wc -c < "$target") bytes)"
done
