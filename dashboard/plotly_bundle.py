"""plotly.js's geo-only partial bundle, served by the app itself in place of Dash's full plotly.js when installed."""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from pathlib import Path

import flask
from dash import Dash
from plotly.offline import get_plotlyjs_version

from dashboard.settings import REPO_ROOT

# Written by scripts/install-plotly-geo.sh (npm `plotly.js-geo-dist-min`, pinned by package-lock.json) with a
# brotli (.br) and a gzip (.gz) copy compressed once at the highest levels; the folder is ignored by git.
BUNDLE_PATH = REPO_ROOT / "vendor" / "plotly-geo.min.js"
ROUTE = "/_plotly-geo/<name>"
_VERSION = re.compile(rb"\A/\*\*\s*\*\s*plotly\.js \([^)\n]*\) v(\d+\.\d+\.\d+)\s")
log = logging.getLogger(__name__)


def bundle_version(content: bytes) -> str | None:
    """The plotly.js version in a partial bundle's licence header ("plotly.js (geo - minified) v4.1.1")."""
    match = _VERSION.match(content[:200])
    return match.group(1).decode() if match else None


def _decompress(encoding: str, data: bytes) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(data)
    import brotli  # flask-compress's dependency; without it the .br copy is left unused

    return brotli.decompress(data)


def precompressed(path: Path, content: bytes) -> dict[str, bytes]:
    """The compressed copies next to the bundle that decompress to exactly its content, by Content-Encoding."""
    copies = {}
    for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
        copy = path.with_name(path.name + suffix)
        try:
            data = copy.read_bytes()
            if _decompress(encoding, data) == content:
                copies[encoding] = data
            else:
                log.warning("%s does not match %s: ignored (rerun scripts/install-plotly-geo.sh)", copy, path)
        except (OSError, ImportError, ValueError, EOFError) as err:  # missing, or unreadable as its encoding
            log.warning("%s unusable (%s): compressing the bundle on each request instead", copy, err)
    return copies


def install(app: Dash, path: Path | None = None) -> str | None:
    """Serve the partial bundle and load it before Dash's renderer; return its URL, or None to keep Dash's own.

    dcc.Graph uses `window.Plotly` when it is already defined and only fetches Dash's full plotly.js (4.8 MB,
    1.4 MB compressed) otherwise. The bundle is used only when its version is exactly the plotly.js that this Dash
    ships, so figures are drawn by the code they were written for.
    """
    path = BUNDLE_PATH if path is None else path
    if not path.is_file():
        return None
    content = path.read_bytes()
    version, expected = bundle_version(content), get_plotlyjs_version()
    if version != expected:
        log.warning("%s is plotly.js %s, not %s as Dash's: serving Dash's own plotly.js "
                    "(rerun scripts/install-plotly-geo.sh after updating package.json)", path, version, expected)
        return None
    copies = precompressed(path, content)
    digest = hashlib.sha256(content).hexdigest()[:12]
    filename = f"plotly-geo-{version}.{digest}.min.js"  # the content's hash in the name: cached for good

    @app.server.route(app.config.routes_pathname_prefix.rstrip("/") + ROUTE, endpoint="plotly_geo_bundle")
    def plotly_geo_bundle(name: str):
        if name != filename:
            flask.abort(404)  # a page from before a reinstall: dcc.Graph then falls back to Dash's plotly.js
        accepted = flask.request.accept_encodings
        encoding = next((e for e in copies if accepted[e] > 0), None)
        response = flask.Response(copies[encoding] if encoding else content, mimetype="application/javascript")
        if encoding:
            response.headers["Content-Encoding"] = encoding  # flask-compress leaves an encoded response alone
        response.vary.add("Accept-Encoding")
        response.set_etag(f"{digest}-{encoding or 'identity'}")
        response.cache_control.public = True
        response.cache_control.max_age = 31536000
        response.cache_control.immutable = True
        return response.make_conditional(flask.request)

    url = app.config.requests_pathname_prefix.rstrip("/") + ROUTE.replace("<name>", filename)
    # External scripts come after React and before the component suites and the renderer, as plain (blocking)
    # script tags: Plotly is defined before any dcc.Graph asks for it.
    app.config.external_scripts = [*app.config.external_scripts, url]
    return url
