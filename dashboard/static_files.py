"""Dash's own scripts (renderer, React, components) sent as copies compressed once per process, not per request."""

from __future__ import annotations

import gzip
import re
import threading

import brotli
import flask
from dash import Dash

SUITES_RULE = "_dash-component-suites/"
# dcc loads a component's code when one first renders; these are the chunks of the components on this page (the map,
# the search box, the years slider). The page preloads them with its scripts, and they are compressed at start.
ASYNC_CHUNKS = ("dcc/async-graph.js", "dcc/async-dropdown.js", "dcc/async-slider.js")
# Brotli 10 is within 2 % of 11 on Dash's scripts at a third of the time (1.2 MB of scripts: 217 KB in 0.6 s
# against 213 KB in 1.9 s on this machine); flask-compress's per-request default (zstd 3) sends 302 KB.
BROTLI_QUALITY = 10
_ENCODERS = {"br": lambda data: brotli.compress(data, quality=BROTLI_QUALITY),
             "gzip": lambda data: gzip.compress(data, compresslevel=9, mtime=0)}
_cache: dict[tuple[str, bytes], bytes] = {}  # (encoding, content) -> compressed; a few files, a few MB in all
_lock = threading.Lock()


def compressed(content: bytes, encoding: str) -> bytes:
    """`content` compressed with `encoding` ("br" or "gzip"), computed the first time this process sends it."""
    key = (encoding, content)
    found = _cache.get(key)
    if found is None:
        found = _ENCODERS[encoding](content)
        with _lock:
            _cache[key] = found
    return found


def chunk_urls(app: Dash) -> list[str]:
    prefix = app.config.requests_pathname_prefix
    return [f"{prefix}{SUITES_RULE}dash/{chunk}" for chunk in ASYNC_CHUNKS]


def install(app: Dash) -> None:
    """Wrap Dash's component-suite view: its answer, compressed from the cache when the browser takes brotli or
    gzip. Dash's own cache headers stay (a year for fingerprinted files, an ETag for the async chunks)."""
    server = app.server
    endpoint = next(rule.endpoint for rule in server.url_map.iter_rules() if SUITES_RULE in rule.rule)
    serve = server.view_functions[endpoint]

    def serve_compressed(*args, **kwargs):
        response = serve(*args, **kwargs)
        if response.status_code != 200 or response.direct_passthrough:
            return response
        accepted = flask.request.accept_encodings
        encoding = next((e for e in _ENCODERS if accepted[e] > 0), None)
        response.vary.add("Accept-Encoding")
        if encoding is None:
            return response
        tag, _weak = response.get_etag()
        response.set_data(compressed(response.get_data(), encoding))
        response.headers["Content-Encoding"] = encoding  # flask-compress leaves an encoded response alone
        if tag:
            response.set_etag(f"{tag}-{encoding}")
        return response.make_conditional(flask.request)

    server.view_functions[endpoint] = serve_compressed
    # Compressed now (0.6 s; before gunicorn forks, with `python -m dashboard`) rather than on a first visit.
    with server.test_request_context("/"):
        scripts = app._generate_scripts_html()
    prefix = app.config.requests_pathname_prefix + SUITES_RULE
    for url in re.findall(r'src="([^"]+)"', scripts) + chunk_urls(app):
        if url.startswith(prefix):
            package, _, path = url[len(prefix):].partition("/")
            with server.test_request_context(url, headers={"Accept-Encoding": "br, gzip"}):
                serve_compressed(package, path)
