"""Compressed once, sent many times: encoding negotiation, immutable responses, Dash's scripts and the shapes.

Dash reads each script from its package and flask-compress compresses it again on every request; the app wraps
Dash's component-suite route instead and sends a brotli (or gzip) copy made once per process, for the page's
scripts and dcc's async chunks at start (before gunicorn forks its workers, so they share it). The shapes are
compressed once per data version, at the highest level.
"""

from __future__ import annotations

import functools
import gzip
import threading

import brotli
import flask
from dash import Dash

from dashboard.server import dash_compat

# Brotli 10 is within a few per cent of 11 on Dash's scripts at a third of the time (README, Performance).
SCRIPT_BROTLI_QUALITY = 10
ENCODINGS = ("br", "gzip")  # in order of preference, when the browser takes both
_SCRIPT_ENCODERS = {"br": lambda data: brotli.compress(data, quality=SCRIPT_BROTLI_QUALITY),
                    "gzip": lambda data: gzip.compress(data, compresslevel=9, mtime=0)}
_cache: dict[tuple[str, bytes], bytes] = {}  # (encoding, content) -> compressed; a few files, a few MB in all
_lock = threading.Lock()
YEAR = 31536000


def negotiate(offered=ENCODINGS) -> str | None:
    """The first of `offered` that the request's Accept-Encoding takes, None for none (send identity)."""
    accepted = flask.request.accept_encodings
    return next((encoding for encoding in offered if accepted[encoding] > 0), None)


def encoded(response: flask.Response, encoding: str | None) -> flask.Response:
    """Mark a response's body as already encoded (flask-compress leaves an encoded response alone)."""
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    return response


def immutable(response: flask.Response, etag: str) -> flask.Response:
    """A response whose URL carries its version or hash: cached for a year, never revalidated; 304 on If-None-Match."""
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = YEAR
    response.cache_control.immutable = True
    return response.make_conditional(flask.request)


def compressed(content: bytes, encoding: str) -> bytes:
    """`content` compressed with `encoding` ("br" or "gzip"), computed the first time this process sends it."""
    key = (encoding, content)
    found = _cache.get(key)
    if found is None:
        found = _SCRIPT_ENCODERS[encoding](content)
        with _lock:
            _cache[key] = found
    return found


@functools.lru_cache(maxsize=2)
def _brotli_max(version: str, raw: bytes) -> bytes:
    return brotli.compress(raw, quality=11)


def brotli_geometry(dataset) -> bytes:
    """The shapes compressed once per data version, then served from memory."""
    return _brotli_max(dataset.version, dataset.geometry_bytes)


def install(app: Dash) -> None:
    """Wrap Dash's component-suite view: its answer, compressed from the cache when the browser takes brotli or
    gzip. Dash's own cache headers stay (a year for fingerprinted files, an ETag for the async chunks)."""

    def wrap(serve):
        def serve_compressed(*args, **kwargs):
            response = serve(*args, **kwargs)
            if response.status_code != 200 or response.direct_passthrough:
                return response
            encoding = negotiate()
            encoded(response, None)
            if encoding is None:
                return response
            tag, _weak = response.get_etag()
            response.set_data(compressed(response.get_data(), encoding))
            encoded(response, encoding)
            if tag:
                response.set_etag(f"{tag}-{encoding}")
            return response.make_conditional(flask.request)
        return serve_compressed

    serve_compressed = dash_compat.wrap_component_suites(app.server, wrap)
    # Compressed now (before gunicorn forks, with `python -m dashboard`) rather than on a first visit.
    for url in dash_compat.page_script_urls(app) + dash_compat.chunk_urls(app):
        found = dash_compat.suite_path(app, url)
        if found is not None:
            with app.server.test_request_context(url, headers={"Accept-Encoding": "br, gzip"}):
                serve_compressed(*found)
