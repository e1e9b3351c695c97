"""Compressed once, sent many times: encoding negotiation, immutable responses, every script and the shapes.

Dash reads each script from its package and flask-compress compresses it again on every request; the app wraps
Dash's component-suite route instead and sends a brotli (or gzip) copy made once per process: at start (before
gunicorn forks its workers, so they share it) for every script the page can load: its scripts, dcc's async chunks,
Dash's own plotly.js when the geo bundle is not installed, and the app's own scripts and styles. A file the page
never asks for (another chunk, a source map) is compressed at a quick level the first time someone does. The shapes
are compressed once per version of the shapes file for all workers: at the highest level, kept in a cache folder
that the first process to need a version writes under a lock and the others read, outside any request.

A coding the browser refuses (`gzip;q=0`, `br;q=0`, `*;q=0`) is never sent: every request's Accept-Encoding is read
once by werkzeug's parser and handed on holding only the codings it accepts (RefusedCodings), so this module's
negotiation and flask-compress's (which sends a coding listed with q=0) decide on the same, correct list.
"""

from __future__ import annotations

import fcntl
import gzip
import logging
import os
import threading
from pathlib import Path

import brotli
import flask
from dash import Dash
from werkzeug.http import parse_accept_header

from dashboard.server import dash_compat

# Brotli 10 is within a few per cent of 11 on Dash's scripts at a third of the time. On a file of several MB (Dash's
# own plotly.js) 10 takes as long as 11, many seconds, and 9 a small part of that for a slightly larger file
# (README, Performance).
SCRIPT_BROTLI_QUALITY = 10
LARGE_SCRIPT_BYTES = 1_000_000
LARGE_SCRIPT_BROTLI_QUALITY = 9
ENCODINGS = ("br", "gzip")  # in order of preference, when the browser takes both
# Every coding something in the app may send: ours, and flask-compress's COMPRESS_ALGORITHM (what `*` stands for).
CODINGS = ("zstd", "br", "gzip", "deflate")
_QUICK = {"br": lambda data: brotli.compress(data, quality=5), "gzip": lambda data: gzip.compress(data, 6, mtime=0)}
_cache: dict[tuple[str, bytes], bytes] = {}  # (encoding, content) -> compressed; a few files, a few MB in all
_lock = threading.Lock()
PREPARE = "dashboard.prepare"  # in a request's WSGI environ: compress thoroughly, the app is starting
YEAR = 31536000
log = logging.getLogger(__name__)


def negotiate(offered=ENCODINGS) -> str | None:
    """The one of `offered` that the request's Accept-Encoding prefers (by q-value, then in the order offered), None
    for none or when it prefers identity (send the content as it is). A coding with q=0 is never chosen."""
    best = flask.request.accept_encodings.best_match([*offered, "identity"])
    return None if best in (None, "identity") else best


def accepted_codings(header: str) -> str:
    """An Accept-Encoding value as werkzeug's parser reads it, written back with only the codings it accepts (q > 0),
    `*` spelled out as the codings not named: `gzip;q=0, *` -> `zstd;q=1, br;q=1, deflate;q=1`."""
    accepted = parse_accept_header(header)
    named = {name.lower(): quality for name, quality in accepted if name != "*"}
    anything = accepted["*"]  # the quality of a `*` the header lists, 0 without one
    kept = [(name, quality) for name, quality in named.items() if quality > 0]
    if anything > 0:
        kept += [(name, anything) for name in CODINGS if name not in named]
    return ", ".join(f"{name};q={quality:g}" for name, quality in kept)


class RefusedCodings:
    """WSGI middleware: Accept-Encoding reaches the app holding only the codings the browser accepts
    (accepted_codings). flask-compress 1.25 reads the header itself and picks a coding listed with q=0 (its
    _choose_algorithm sorts q=0 among the rest); given the list werkzeug reads, it never sees a refused coding."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        header = environ.get("HTTP_ACCEPT_ENCODING")
        if header is not None:
            environ["HTTP_ACCEPT_ENCODING"] = accepted_codings(header)
        return self.app(environ, start_response)


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


def thorough(content: bytes, encoding: str) -> bytes:
    """The level for a file compressed once and sent often: brotli 10 (9 above LARGE_SCRIPT_BYTES), gzip 9."""
    if encoding == "gzip":
        return gzip.compress(content, compresslevel=9, mtime=0)
    quality = LARGE_SCRIPT_BROTLI_QUALITY if len(content) > LARGE_SCRIPT_BYTES else SCRIPT_BROTLI_QUALITY
    return brotli.compress(content, quality=quality)


# A response made once per view and kept (the map's picture): brotli 9 takes a few tens of milliseconds for most of
# what 11 saves, while the page waits for it.
_KEPT = {"br": lambda data: brotli.compress(data, quality=9), "gzip": lambda data: gzip.compress(data, 9, mtime=0)}


def kept(content: bytes, encoding: str) -> bytes:
    """`content` compressed for a response the caller keeps: not cached here."""
    return _KEPT[encoding](content)


def compressed(content: bytes, encoding: str, prepare: bool = False) -> bytes:
    """`content` compressed with `encoding` ("br" or "gzip"), made the first time this process needs it: thoroughly
    when preparing (at start), at a quick level when a request finds it missing, so no request waits long."""
    key = (encoding, content)
    found = _cache.get(key)
    if found is None:
        found = thorough(content, encoding) if prepare else _QUICK[encoding](content)
        with _lock:
            found = _cache.setdefault(key, found)
    return found


def _send_compressed(response: flask.Response) -> flask.Response:
    """A script or style's 200 response in the encoding the browser takes, from the copy made once (`compressed`),
    its ETag marked with the encoding; unchanged (but for Vary) when the browser takes none."""
    encoding = negotiate()
    encoded(response, None)
    if encoding is None:
        return response
    response.direct_passthrough = False  # a file response (an asset): read it, then send the compressed copy
    tag, _weak = response.get_etag()
    response.set_data(compressed(response.get_data(), encoding, flask.request.environ.get(PREPARE, False)))
    encoded(response, encoding)
    if tag:
        response.set_etag(f"{tag}-{encoding}")
    return response.make_conditional(flask.request)


def install(app: Dash, plotly_js: bool = False) -> None:
    """Wrap Dash's component-suite view: its answer, compressed from the cache when the browser takes brotli or
    gzip. Dash's own cache headers stay (a year for fingerprinted files, an ETag for the async chunks). Every script
    the page can load is compressed now (`plotly_js`: Dash's own plotly.js is one of them)."""

    def wrap(serve):
        def serve_compressed(*args, **kwargs):
            response = serve(*args, **kwargs)
            if response.status_code != 200 or response.direct_passthrough:
                return response
            return _send_compressed(response)
        return serve_compressed

    serve_compressed = dash_compat.wrap_component_suites(app.server, wrap)
    urls = dash_compat.page_script_urls(app) + dash_compat.chunk_urls(app)
    if plotly_js:
        urls.append(dash_compat.plotly_js_url(app))
    # Compressed now (before gunicorn forks, with `python -m dashboard`) rather than on a first visit.
    for url in urls:
        found = dash_compat.suite_path(app, url)
        for encoding in ENCODINGS:
            if found is not None:
                with app.server.test_request_context(url, headers={"Accept-Encoding": encoding},
                                                     environ_overrides={PREPARE: True}):
                    serve_compressed(*found)
    _install_assets(app)


# --- the app's own scripts and styles (assets/) ------------------------------------------------------------------

ASSET_TYPES = {"application/javascript", "text/javascript", "text/css", "application/json"}


def _install_assets(app: Dash) -> None:
    """Assets go out compressed from the same cache (flask-compress would compress each on every request): an
    after_request hook of ours runs before flask-compress's (dashboard.server.dash_compat, assumption 6)."""
    prefix = app.config.requests_pathname_prefix.rstrip("/") + "/assets/"
    folder = Path(app.config.assets_folder)

    @app.server.after_request
    def compress_asset(response: flask.Response) -> flask.Response:
        if (not flask.request.path.startswith(prefix) or response.status_code != 200
                or response.mimetype not in ASSET_TYPES or "Content-Encoding" in response.headers):
            return response
        return _send_compressed(response)

    # Compressed now, like the suites: each served by its own view, in a request context (no request yet).
    server = app.server
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".js", ".css", ".json"):
            for encoding in ENCODINGS:
                url = prefix + path.relative_to(folder).as_posix()
                with server.test_request_context(url, headers={"Accept-Encoding": encoding},
                                                 environ_overrides={PREPARE: True}):
                    rule = flask.request.url_rule
                    if rule is not None:
                        view = server.view_functions[rule.endpoint]
                        compress_asset(server.make_response(view(**flask.request.view_args)))


# --- the shapes ----------------------------------------------------------------------------------------------------

GEOMETRY_COPIES = 8  # versions of the shapes kept in the cache folder, the newest
_geometry: dict[str, bytes] = {}        # geometry version -> brotli 11 copy, in this process
_geometry_gzip: dict[str, bytes] = {}   # geometry version -> gzip copy, for browsers without brotli
_preparing: set[str] = set()


def cache_folder() -> Path | None:
    """Where compressed shapes are kept for every worker and restart: the user's cache folder, private to them;
    None when there is none we can trust (then each process compresses for itself, still outside requests)."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = base / "ircc-dashboard"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        status = folder.stat()
    except (OSError, RuntimeError):
        return None
    if status.st_uid != os.getuid() or status.st_mode & 0o022:
        return None  # someone else could write into it
    return folder


def _read_copy(path: Path, raw: bytes) -> bytes | None:
    """A copy from the cache folder, used only when it decompresses to exactly these shapes."""
    try:
        data = path.read_bytes()
        return data if brotli.decompress(data) == raw else None
    except (OSError, brotli.error):
        return None


def prepare_geometry(dataset) -> bytes:
    """The shapes at brotli's highest level, once per version of the shapes file for every worker: from this
    process's memory, else from the cache folder, else made now (holding the folder's lock for this version, so
    the other workers wait for it and read it instead of compressing the same file) and written there."""
    version = dataset.geometry_version
    found = _geometry.get(version)
    if found is not None:
        return found
    raw = dataset.geometry_bytes
    folder = cache_folder()
    if folder is None:
        found = brotli.compress(raw, quality=11)
    else:
        path = folder / f"countries.{version}.geojson.br"
        with open(folder / f"countries.{version}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            found = _read_copy(path, raw)
            if found is None:
                found = brotli.compress(raw, quality=11)
                partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                try:
                    partial.write_bytes(found)
                    os.replace(partial, path)
                except OSError as err:
                    log.warning("could not keep the compressed shapes in %s (%s)", folder, err)
        _prune(folder)
    with _lock:
        if len(_geometry) >= 2:
            _geometry.clear()  # the version served, and the one before it at most
        _geometry[version] = found
    return found


def _prune(folder: Path) -> None:
    copies = sorted(folder.glob("countries.*.geojson.br"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in copies[GEOMETRY_COPIES:]:
        for path in (old, old.with_name(old.name.replace(".geojson.br", ".lock"))):
            path.unlink(missing_ok=True)


def prepare_geometry_soon(dataset) -> None:
    """prepare_geometry in a thread of its own: a request never waits for it."""
    version = dataset.geometry_version
    with _lock:
        if version in _geometry or version in _preparing:
            return
        _preparing.add(version)

    def run():
        try:
            prepare_geometry(dataset)
        except Exception:  # the shapes still go out, as gzip
            log.exception("compressing the shapes failed")
        finally:
            with _lock:
                _preparing.discard(version)

    threading.Thread(target=run, name="dashboard-shapes", daemon=True).start()


def geometry_body(dataset, encoding: str | None) -> tuple[bytes, str | None, bool]:
    """What the shapes route sends: (body, its encoding, whether it is the answer for good). Brotli once it is
    ready (started now if not); until then gzip, made quickly once per version, which a browser keeps for a minute."""
    final = True
    if encoding == "br":
        found = _geometry.get(dataset.geometry_version)
        if found is not None:
            return found, "br", True
        prepare_geometry_soon(dataset)
        encoding, final = "gzip", False
    if encoding == "gzip":
        found = _geometry_gzip.get(dataset.geometry_version)
        if found is None:
            found = _QUICK["gzip"](dataset.geometry_bytes)
            with _lock:
                if len(_geometry_gzip) >= 2:
                    _geometry_gzip.clear()
                _geometry_gzip[dataset.geometry_version] = found
        return found, "gzip", final
    return dataset.geometry_bytes, None, True
