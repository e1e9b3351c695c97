"""Browser packages from npm, served by the app itself in place of Dash's larger ones when installed: a plotly.js
holding only what the map draws (built by scripts/plotly-bundle) instead of the full plotly.js, and
regenerator-runtime instead of Dash's whole polyfill."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import flask
from dash import Dash
from plotly.offline import get_plotlyjs_version

from dashboard.server import compression
from dashboard.settings import REPO_ROOT

# Written by scripts/install-vendor.sh (npm, pinned by package-lock.json); the folder is ignored by git. Their
# compressed copies are made by the set-up with the other scripts (dashboard.server.compression).
VENDOR = REPO_ROOT / "vendor"
BUNDLE_PATH = VENDOR / "plotly-geo.min.js"
REGENERATOR_PATH = VENDOR / "regenerator-runtime.js"
ROUTE = "/_vendor/<name>"
_VERSION = re.compile(rb"\A/\*\*\s*\*\s*plotly\.js \([^)\n]*\) v(\d+\.\d+\.\d+)\s")
_REGENERATOR = re.compile(rb"\bregeneratorRuntime = runtime;")
log = logging.getLogger(__name__)


def bundle_version(content: bytes) -> str | None:
    """The plotly.js version in a bundle's licence header ("plotly.js (geo, the dashboard's map - minified) v4.1.1",
    as scripts/plotly-bundle/build.js writes it, or plotly.js's own partial bundles' "plotly.js (geo - minified)")."""
    match = _VERSION.match(content[:200])
    return match.group(1).decode() if match else None


def _files(app: Dash) -> dict[str, tuple[bytes, str]]:
    """The vendor files this app serves, by URL name: content and its SHA-256 (hex). One route serves them."""
    files = getattr(app, "_vendor_files", None)
    if files is not None:
        return files
    files = app._vendor_files = {}

    @app.server.route(app.config.routes_pathname_prefix.rstrip("/") + ROUTE, endpoint="vendor_script")
    def vendor_script(name: str):
        if name not in files:
            flask.abort(404)  # a page from before a reinstall: it falls back to Dash's own scripts
        content, digest = files[name]
        encoding = compression.negotiate()
        response = flask.Response(compression.sent_body(content, encoding, digest) if encoding else content,
                                  mimetype="application/javascript")
        return compression.immutable(compression.encoded(response, encoding), f"{digest[:12]}-{encoding or 'identity'}")

    return files


def _serve(app: Dash, content: bytes, stem: str) -> str:
    """Serve a file under a name holding its content's hash (cached for good), as a plain (blocking) script tag
    after React and before the component suites and the renderer; return its URL."""
    digest = hashlib.sha256(content).hexdigest()
    name = f"{stem}.{digest[:12]}.js"
    _files(app)[name] = (content, digest)
    url = app.config.requests_pathname_prefix.rstrip("/") + ROUTE.replace("<name>", name)
    app.config.external_scripts = [*app.config.external_scripts, url]
    return url


def install_plotly(app: Dash, path: Path | None = None) -> str | None:
    """Load the geo-only bundle before Dash's renderer; return its URL, or None to keep Dash's own plotly.js.

    dcc.Graph uses `window.Plotly` when it is already defined and only fetches Dash's full plotly.js (several
    times larger) otherwise. The bundle is used only when its version is exactly the plotly.js that this Dash
    ships, so figures are drawn by the code they were written for.
    """
    path = BUNDLE_PATH if path is None else path
    if not path.is_file():
        return None
    content = path.read_bytes()
    version, expected = bundle_version(content), get_plotlyjs_version()
    if version != expected:
        log.warning("%s is plotly.js %s, not %s as Dash's: serving Dash's own plotly.js "
                    "(rerun scripts/install-vendor.sh after updating package.json)", path, version, expected)
        return None
    return _serve(app, content, f"plotly-geo-{version}.min")


def install_regenerator(app: Dash, path: Path | None = None) -> str | None:
    """Load regenerator-runtime, which defines the one global of the polyfill that Dash's scripts use; return its
    URL (the caller then drops Dash's polyfill), or None to keep Dash's polyfill."""
    path = REGENERATOR_PATH if path is None else path
    if not path.is_file():
        return None
    content = path.read_bytes()
    if not _REGENERATOR.search(content):
        log.warning("%s is not regenerator-runtime's runtime.js: keeping Dash's polyfill", path)
        return None
    return _serve(app, content, "regenerator-runtime")


def served_plotly(app: Dash) -> bytes | None:
    """The geo-only plotly.js this app serves in place of Dash's, None when it serves Dash's own."""
    for name, (content, _digest) in getattr(app, "_vendor_files", {}).items():
        if name.startswith("plotly-geo-"):
            return content
    return None
