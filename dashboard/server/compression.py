"""Compressed once, sent many times: one table of levels, encoding negotiation, immutable responses, the set-up's
compressed copies of the scripts and styles, and the shapes.

Scripts and styles: the set-up (`make setup`, `make setup-test`) runs `python -m dashboard.server.compression build`,
which writes a brotli and a gzip copy of every script and style the page can load (Dash's scripts that the page
lists, dcc's async chunks that it preloads, Dash's own plotly.js when the geo-only bundle is not installed, the
vendor scripts and assets/) to BUILT, a folder ignored by git, each named by the SHA-256 of the file it holds. The
app answers a script or style the browser takes compressed with the copy of exactly its content, checked once per
process; a file without one (no set-up yet, a file edited since, a chunk the page never preloads) is compressed at
the quick level the first time a process sends it, and that copy kept. The shapes (the file, and the packed form the
page unpacks) change with the data, so they are compressed once per version of the shapes file for all workers: at
the highest level, outside any request, kept in a cache folder that the first process to need a version writes
under a lock and the others read.

A coding the browser refuses (`gzip;q=0`, `br;q=0`, `*;q=0`) is never sent: every request's Accept-Encoding is read
once by werkzeug's parser and handed on holding only the codings it accepts (RefusedCodings), so this module's
negotiation and flask-compress's (which sends a coding listed with q=0) decide on the same, correct list.
"""

from __future__ import annotations

import argparse
import fcntl
import gzip
import hashlib
import logging
import os
import sys
import threading
import time
from pathlib import Path

import brotli
import flask
from dash import Dash
from werkzeug.http import parse_accept_header

from dashboard.core import geo
from dashboard.server import dash_compat
from dashboard.settings import REPO_ROOT

# Levels by how often a content is compressed and who waits for it: once by the set-up (scripts and styles); once per
# version of the shapes, in a thread of its own (gzip: the copy sent until brotli is ready); once per view while the
# page waits (the map's picture); once per answer while its user waits (callback answers, exports); and on the fly,
# by flask-compress on every request and by this module once per process for a script the set-up has no copy of.
LEVELS = {
    "build": {"br": 11, "gzip": 9},
    "shapes": {"br": 11, "gzip": 6},
    "picture": {"br": 9, "gzip": 9},
    "answer": {"br": 5, "gzip": 6},
    "on_the_fly": {"br": 4, "gzip": 6},
}
ENCODINGS = ("br", "gzip")  # in order of preference, when the browser takes both
SUFFIXES = {"br": ".br", "gzip": ".gz"}
# Every coding something in the app may send: ours, and flask-compress's COMPRESS_ALGORITHM (what `*` stands for).
CODINGS = ("zstd", "br", "gzip", "deflate")
BUILT = REPO_ROOT / "build" / "compressed"  # the set-up's copies: <sha256 of the file>.br and .gz
FILE_TYPES = (".js", ".css", ".json")  # of assets/, compressed by the set-up
SENT_TYPES = {"application/javascript", "text/javascript", "text/css", "application/json"}
SENT_COPIES = 64  # scripts and styles kept compressed per process, by content and coding
_sent: dict[tuple[str, str], bytes] = {}  # (sha256, coding) -> what is sent
_lock = threading.Lock()
YEAR = 31536000
log = logging.getLogger(__name__)


def compress(content: bytes, encoding: str, use: str) -> bytes:
    """`content` compressed with `encoding` ("br" or "gzip") at the level LEVELS gives for `use`."""
    level = LEVELS[use][encoding]
    if encoding == "gzip":
        return gzip.compress(content, compresslevel=level, mtime=0)
    return brotli.compress(content, quality=level)


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


# --- scripts and styles ---------------------------------------------------------------------------------------------

def _built_copy(digest: str, encoding: str, content: bytes) -> bytes | None:
    """The set-up's copy of `content` in `encoding`, used only when it decompresses to exactly `content`."""
    path = BUILT / (digest + SUFFIXES[encoding])
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        same = (brotli.decompress(data) if encoding == "br" else gzip.decompress(data)) == content
    except (brotli.error, OSError, EOFError):
        same = False
    if not same:
        log.warning("%s is not a copy of the file it is named after: ignored (rerun the set-up)", path)
        return None
    return data


def sent_body(content: bytes, encoding: str, digest: str | None = None) -> bytes:
    """What is sent for a script or style in `encoding`: the set-up's copy, else a copy made now at the quick level;
    either kept for the next request of this process. `digest`: the content's SHA-256 in hex, when known."""
    key = (digest or hashlib.sha256(content).hexdigest(), encoding)
    found = _sent.get(key)
    if found is None:
        found = _built_copy(*key, content) or compress(content, encoding, "on_the_fly")
        with _lock:
            if len(_sent) >= SENT_COPIES:
                _sent.clear()
            found = _sent.setdefault(key, found)
    return found


def install(app: Dash) -> None:
    """Scripts and styles (Dash's component suites, assets/) go out compressed as sent_body makes them; every other
    answer that nothing of ours compressed is left to flask-compress, at the on-the-fly levels. Dash's own cache
    headers stay (a year for fingerprinted files, an ETag for the async chunks). Our after_request hook runs before
    flask-compress's (dashboard.server.dash_compat, assumption 6)."""
    server = app.server
    server.config["COMPRESS_BR_LEVEL"] = LEVELS["on_the_fly"]["br"]
    server.config["COMPRESS_LEVEL"] = LEVELS["on_the_fly"]["gzip"]
    prefix = app.config.routes_pathname_prefix
    paths = (prefix + dash_compat.COMPONENT_SUITES, prefix + app.config.assets_url_path.strip("/") + "/")

    @server.after_request
    def send_compressed(response: flask.Response) -> flask.Response:
        if (response.status_code != 200 or not flask.request.path.startswith(paths)
                or response.mimetype not in SENT_TYPES or "Content-Encoding" in response.headers):
            return response
        encoding = negotiate()
        encoded(response, None)
        if encoding is None:
            return response
        response.direct_passthrough = False  # a file response (an asset): read it, then send the compressed copy
        tag, _weak = response.get_etag()
        response.set_data(sent_body(response.get_data(), encoding))
        encoded(response, encoding)
        if tag:
            response.set_etag(f"{tag}-{encoding}")
        return response.make_conditional(flask.request)


def page_files() -> list[Path]:
    """Every script and style the page can load, as files: Dash's scripts that the page lists and the async chunks it
    preloads (Dash's own plotly.js too when the geo-only bundle is not installed), the vendor scripts, and assets/."""
    from dashboard.server import vendor

    app = dash_compat.DashboardDash("dashboard", serve_locally=True)
    urls = dash_compat.page_script_urls(app) + dash_compat.chunk_urls(app)
    if vendor.install_plotly(app) is None:
        urls.append(dash_compat.plotly_js_url(app))
    files = [found for found in (dash_compat.suite_file(app, url) for url in urls) if found is not None]
    files += [path for path in (vendor.BUNDLE_PATH, vendor.REGENERATOR_PATH) if path.is_file()]
    assets = REPO_ROOT / "assets"
    files += sorted(path for path in assets.rglob("*") if path.suffix in FILE_TYPES and path.is_file())
    return list(dict.fromkeys(files))


def build(files: list[Path], folder: Path | None = None, prune: bool = True) -> list[tuple[Path, int, int]]:
    """Write the copies of `files` that `folder` (BUILT by default) lacks, at the build levels; with `prune`, remove
    the copies of any other content. Returns (file, its size, its brotli copy's size) for each file, in order."""
    folder = BUILT if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    made, kept = [], set()
    for path in files:
        content = path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        for encoding, suffix in SUFFIXES.items():
            target = folder / (digest + suffix)
            kept.add(target.name)
            if not target.is_file():
                partial = target.with_name(f".{target.name}.{os.getpid()}")
                partial.write_bytes(compress(content, encoding, "build"))
                os.replace(partial, target)  # whole or not at all, for a server reading the folder
        made.append((path, len(content), (folder / (digest + SUFFIXES["br"])).stat().st_size))
    if prune:
        for old in folder.iterdir():
            if old.name not in kept:
                old.unlink(missing_ok=True)
    return made


def main(argv: list[str] | None = None) -> int:
    """`python -m dashboard.server.compression build`: the compressed copies of the page's scripts and styles."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.server.compression", description=main.__doc__)
    parser.add_argument("command", choices=["build"])
    parser.parse_args(argv)
    started = time.perf_counter()
    made = build(page_files())
    for path, size, compressed_size in made:
        print(f"compression: {path.name} ({size} bytes, {compressed_size} as brotli)")
    print(f"compression: {len(made)} files in {BUILT} ({time.perf_counter() - started:.1f} s)")
    return 0

# --- the shapes ----------------------------------------------------------------------------------------------------

# The shapes go out in two forms: packed (dashboard.core.geo.packed_shapes), which the page unpacks itself, and the
# shapes file as it is, which plotly.js fetches when the page has not unpacked them first, or when the file has no
# packed form.
SHAPES_FORMS = ("packed", "geojson")
GEOMETRY_COPIES = 8  # versions of the shapes kept in the cache folder, per form, the newest
_geometry: dict[tuple[str, str], bytes] = {}        # (geometry version, form) -> brotli 11 copy, in this process
_geometry_gzip: dict[tuple[str, str], bytes] = {}   # (geometry version, form) -> gzip copy, for browsers without brotli
_preparing: set[tuple[str, str]] = set()


def shapes_content(dataset, form: str) -> bytes | None:
    """The shapes in `form` (SHAPES_FORMS); None when the shapes file has no packed form."""
    return geo.packed_shapes(dataset.geometry_bytes) if form == "packed" else dataset.geometry_bytes


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


def prepare_geometry(dataset, form: str = "geojson") -> bytes | None:
    """The shapes in `form` at brotli's highest level, once per version of the shapes file for every worker: from
    this process's memory, else from the cache folder, else made now (holding the folder's lock for this version,
    so the other workers wait for it and read it instead of compressing the same file) and written there. None
    when there is no such form of these shapes."""
    key = (dataset.geometry_version, form)
    found = _geometry.get(key)
    if found is not None:
        return found
    raw = shapes_content(dataset, form)
    if raw is None:
        return None
    folder = cache_folder()
    if folder is None:
        found = compress(raw, "br", "shapes")
    else:
        path = folder / f"countries.{dataset.geometry_version}.{form}.br"
        with open(path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            found = _read_copy(path, raw)
            if found is None:
                found = compress(raw, "br", "shapes")
                partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                try:
                    partial.write_bytes(found)
                    os.replace(partial, path)
                except OSError as err:
                    log.warning("could not keep the compressed shapes in %s (%s)", folder, err)
        _prune(folder, form)
    with _lock:
        if len(_geometry) >= 2 * len(SHAPES_FORMS):
            _geometry.clear()  # the version served, and the one before it at most
        _geometry[key] = found
    return found


def _prune(folder: Path, form: str) -> None:
    copies = sorted(folder.glob(f"countries.*.{form}.br"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in copies[GEOMETRY_COPIES:]:
        for path in (old, old.with_suffix(".lock")):
            path.unlink(missing_ok=True)


def prepare_geometry_soon(dataset, form: str = "geojson") -> None:
    """prepare_geometry in a thread of its own: a request never waits for it."""
    key = (dataset.geometry_version, form)
    with _lock:
        if key in _geometry or key in _preparing:
            return
        _preparing.add(key)

    def run():
        try:
            prepare_geometry(dataset, form)
        except Exception:  # the shapes still go out, as gzip
            log.exception("compressing the shapes failed")
        finally:
            with _lock:
                _preparing.discard(key)

    threading.Thread(target=run, name="dashboard-shapes", daemon=True).start()


def geometry_body(dataset, encoding: str | None, form: str = "geojson") -> tuple[bytes, str | None, bool] | None:
    """What the shapes route sends: (body, its encoding, whether it is the answer for good), None when there is no
    such form of these shapes. Brotli once it is ready (started now if not); until then gzip, made quickly once per
    version, which a browser keeps for a minute."""
    raw = shapes_content(dataset, form)
    if raw is None:
        return None
    key, final = (dataset.geometry_version, form), True
    if encoding == "br":
        found = _geometry.get(key)
        if found is not None:
            return found, "br", True
        prepare_geometry_soon(dataset, form)
        encoding, final = "gzip", False
    if encoding == "gzip":
        found = _geometry_gzip.get(key)
        if found is None:
            found = compress(raw, "gzip", "shapes")
            with _lock:
                if len(_geometry_gzip) >= 2 * len(SHAPES_FORMS):
                    _geometry_gzip.clear()
                _geometry_gzip[key] = found
        return found, "gzip", final
    return raw, None, True


if __name__ == "__main__":
    sys.exit(main())
