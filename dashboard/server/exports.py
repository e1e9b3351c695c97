"""The export links: GET /export/map.png, map.svg, map.pdf, slide.pptx and snapshot.html, each for the view its query
names (the page's own query: lang, category, program, region, years, confirmed, country), rendered on the server;
and GET /export/profile.pdf?country=ARG&lang=fr, a country's profile (a query naming no country of the data gets a
404 that says so in both languages: a profile has no default country).

- Any query is a view: parse_query keeps what the data knows and drops the rest, so a malformed link gives the
  default view, never an error. `scale=2` (PNG: 3840 x 2160) and `paper=a4` (PDF; Letter otherwise) are the only
  other values read.
- The view's link a document prints is on the configured public address (`public_url`), never the request's Host;
  without one it is empty and the document prints no link.
- Renders are kept per worker, by export, view, options, address and data version (dashboard.server.response_cache,
  emptied when the data changes), so a link asked for again costs no render.
- A render runs in a thread of its own with a time limit, and the dashboard renders at most RENDERS_AT_ONCE at once
  (RenderGate): a burst of export links gets 503 with Retry-After instead of holding every worker while the map
  waits.
- The routes are ordinary Flask routes: sign-in, the request checks, the data-file check and the security headers
  apply to them as to every route. Answers are attachments named after the view and its language.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import fcntl
import hashlib
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import flask

from dashboard.core import briefing as briefings_core
from dashboard.core.live import LiveData
from dashboard.core.state import parse_query, to_query, vocabulary
from dashboard.server import compression, guard, vendor
from dashboard.server.response_cache import ResponseCache
from dashboard.settings import REPO_ROOT

logger = logging.getLogger("dashboard.exports")

ROUTE = "/export/<kind>"
MEDIA_TYPES = {
    "map.png": "image/png",
    "map.svg": "image/svg+xml",
    "map.pdf": "application/pdf",
    "slide.pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "snapshot.html": "text/html; charset=utf-8",
    "profile.pdf": "application/pdf",
    "book.pdf": "application/pdf",
    "briefing.pdf": "application/pdf",
    "briefing.pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "briefing.html": "text/html; charset=utf-8",
}
TEXT_KINDS = ("map.svg", "snapshot.html")  # compressed for the transfer; the other formats are compressed already
# Renders at once on the machine: a core stays free for the map (gunicorn's default is a worker per core, plus one).
RENDERS_AT_ONCE = max(1, (os.cpu_count() or 2) - 1)
RENDER_WAIT = 2.0           # seconds the one waiting request waits for a free render before it is answered 503
RENDER_TIME_LIMIT = 30.0    # seconds a render may take before its request is answered 503
RETRY_AFTER = 5
CACHE_ENTRIES = 64
CACHE_BYTES = 48 * 1024 * 1024
TOPOJSON = REPO_ROOT / "assets" / "topojson" / "world_110m.json"


class Busy(Exception):
    """No render could start, or finish, in time."""


def slot_folder(settings=None) -> Path:
    """The render slots' lock files, shared by this dashboard's workers and no other dashboard: in its state folder
    when one is set, else in a private folder made at start (before gunicorn forks the workers, which inherit it)."""
    state_dir = getattr(settings, "state_dir", "") if settings is not None else ""
    if state_dir:
        folder = Path(state_dir) / "export-slots"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder
    folder = Path(tempfile.mkdtemp(prefix="dashboard-export-slots-"))
    owner = os.getpid()
    atexit.register(lambda: os.getpid() == owner and shutil.rmtree(folder, ignore_errors=True))
    return folder


class RenderGate:
    """At most `slots` renders at once for this dashboard's workers (a lock file each in its slot folder, flock'd
    by whichever worker or thread renders), one more request waiting up to `wait` seconds for one, every other
    refused at once, so that renders never take every core from the map. A render gets `time_limit` seconds; one that runs over keeps its slot until it
    ends, so slow renders cannot pile up behind the requests that gave up on them."""

    def __init__(self, slots: int = RENDERS_AT_ONCE, wait: float = RENDER_WAIT,
                 time_limit: float = RENDER_TIME_LIMIT, folder: Path | None = None):
        self.slots, self.wait, self.time_limit = slots, wait, time_limit
        self.folder = folder or slot_folder()
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    def _executor(self) -> concurrent.futures.ThreadPoolExecutor:
        # A pool made before gunicorn forks has no threads in the worker: one per process.
        with self._lock:
            if self._pid != os.getpid():
                self._pool = concurrent.futures.ThreadPoolExecutor(self.slots, thread_name_prefix="export")
                self._pid = os.getpid()
            return self._pool

    def _try(self, name: str) -> int | None:
        descriptor = os.open(self.folder / name, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return None
        return descriptor

    def _take_slot(self) -> int | None:
        for number in range(self.slots):
            descriptor = self._try(f"slot-{number}")
            if descriptor is not None:
                return descriptor
        queue = self._try("queue")  # the one request allowed to wait
        if queue is None:
            return None
        try:
            deadline = time.monotonic() + self.wait
            while time.monotonic() < deadline:
                time.sleep(0.05)
                for number in range(self.slots):
                    descriptor = self._try(f"slot-{number}")
                    if descriptor is not None:
                        return descriptor
            return None
        finally:
            _release(queue)

    def run(self, render):
        slot = self._take_slot()
        if slot is None:
            raise Busy("every render slot is taken")
        try:
            future = self._executor().submit(render)
        except BaseException:
            _release(slot)
            raise
        future.add_done_callback(lambda _future: _release(slot))
        try:
            return future.result(timeout=self.time_limit)
        except concurrent.futures.TimeoutError:
            raise Busy(f"render over {self.time_limit} s") from None


def _release(descriptor: int) -> None:
    fcntl.flock(descriptor, fcntl.LOCK_UN)
    os.close(descriptor)


def busy_response() -> flask.Response:
    response = guard.plain_text(503, "export_busy")
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def request_lang() -> str:
    return "fr" if flask.request.args.get("lang") == "fr" else "en"


def briefing_in_request(dataset, lang: str):
    """The briefing a request brings: the saved file (POST, multipart field `briefing`) or the page's address
    (`briefing=`). Raises BriefingError, its message in `lang`, when it cannot be read."""
    vocab = vocabulary(dataset)
    if flask.request.method == "POST":
        upload = flask.request.files.get("briefing")
        raw = upload.read(briefings_core.MAX_FILE_BYTES + 1) if upload is not None else b""
        return briefings_core.from_json(raw, vocab, lang)
    _, param, _ = briefings_core.split_query("?" + flask.request.query_string.decode("utf-8", "replace"))
    return briefings_core.from_param(param or "", vocab, lang)


def refused_briefing(error: Exception) -> flask.Response:
    """A briefing that cannot be read: why, in the request's language (the error's own message), as a 400."""
    response = flask.Response(str(error) + "\n", 400, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def attachment(response: flask.Response, name: str) -> flask.Response:
    # The name comes from image_name: ASCII letters, digits and hyphens only.
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def checked_public_url(address: str) -> str:
    """The configured public address without its trailing slash ("" when none); a start with an address that is not
    http(s)://host/... stops with what was expected."""
    address = address.strip()
    if not address:
        return ""
    parts = urllib.parse.urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        print(f"The dashboard cannot start: DASHBOARD_PUBLIC_URL={address!r} is not an address like "
              "https://maps.example.gc.ca/engagements/ (http or https, a host, an optional path, no query).",
              file=sys.stderr)
        raise SystemExit(3)  # gunicorn's "worker failed to boot": it stops instead of retrying
    return address.rstrip("/")


def install(app, live: LiveData, settings=None) -> dict:
    """The export routes on the app's server; returns what they share (the cache, the gate), for tests and bench."""
    from plotly.offline import get_plotlyjs

    server = app.server
    prefix = app.config.requests_pathname_prefix
    public_url = checked_public_url(getattr(settings, "public_url", "") or "")
    state = {
        "cache": ResponseCache(CACHE_ENTRIES, CACHE_BYTES),
        "gate": RenderGate(folder=slot_folder(settings)),
        "renders": 0,
    }
    plotly_source: dict[str, str] = {}

    def plotly_js() -> str:
        # The plotly.js the page itself loads: the geo-only bundle when installed, else Dash's own.
        if "code" not in plotly_source:
            served = vendor.served_plotly(app)
            plotly_source["code"] = served.decode("utf-8") if served is not None else get_plotlyjs()
        return plotly_source["code"]

    @server.route(prefix.rstrip("/") + "/export/briefing.json", methods=["GET", "HEAD"], endpoint="export_briefing")
    def export_briefing():
        """The briefing a page's address carries, as the file a user saves and opens again (its format:
        dashboard.core.briefing). A briefing that cannot be read is a 400 saying why, in the page's language."""
        lang = request_lang()
        try:
            found = briefing_in_request(live.dataset, lang)
        except briefings_core.BriefingError as error:
            return refused_briefing(error)
        response = flask.Response(briefings_core.to_json(found), mimetype="application/json")
        response.headers["Cache-Control"] = "no-store"
        return attachment(response, "briefing.json")

    @server.route(prefix.rstrip("/") + "/export/<any('briefing.pdf', 'briefing.pptx', 'briefing.html'):kind>",
                  methods=["GET", "HEAD", "POST"], endpoint="export_briefing_document")
    def export_briefing_document(kind: str):
        """A briefing as a deck or a PDF: from the page's address (GET, `briefing=`) or its saved file (POST,
        multipart field `briefing`). A briefing that cannot be read is a 400 saying why, in the request's language."""
        from dashboard.ui.exports import briefings  # Typst and python-pptx load on the first export

        lang = request_lang()
        dataset = live.dataset
        try:
            found = briefing_in_request(dataset, lang)
        except briefings_core.BriefingError as error:
            return refused_briefing(error)
        render = {"briefing.pptx": lambda: briefings.deck(dataset, found, lang, public_url),
                  "briefing.pdf": lambda: briefings.pdf(dataset, found, lang, public_url),
                  "briefing.html": lambda: briefings.offline(dataset, found, lang, plotly_js(),
                                                             TOPOJSON.read_text(encoding="utf-8"), public_url)}[kind]
        try:
            body = state["gate"].run(render)
        except Busy as busy:
            logger.warning("export %s refused: %s", kind, busy)
            return busy_response()
        response = flask.Response(body, content_type=MEDIA_TYPES[kind])
        response.headers["Cache-Control"] = "no-store"
        stem = "ircc-briefing" if lang == "en" else "ircc-breffage"
        return attachment(response, f"{stem}-{lang}.{kind.rsplit('.', 1)[1]}")

    @server.route(prefix.rstrip("/") + ROUTE, methods=["GET", "HEAD"], endpoint="export")
    def export(kind: str):
        if kind not in MEDIA_TYPES:
            flask.abort(404)
        if kind.startswith("briefing."):
            return export_briefing_document(kind)
        from dashboard.ui.exports import files  # Typst and python-pptx load on the first export, not at start

        dataset = live.dataset
        # Presentation mode is a way of showing the page, not part of what an export shows.
        view = parse_query(vocabulary(dataset), flask.request.query_string.decode("utf-8", "replace")).replace(
            presenting=False)
        if kind == "profile.pdf" and not view.country:
            # A profile of no country has no default to fall back on: a clear 404 in both languages, not a guess.
            return guard.plain_text(404, "profile_not_found")
        options = files.Options.from_args(flask.request.args)
        # Never the request's Host: whoever sends one would have it printed in the document as the view's link.
        base_url = public_url
        encoding = compression.negotiate() if kind in TEXT_KINDS else None
        key = "|".join((kind, to_query(view), str(options.scale), options.paper, base_url, encoding or "")).encode()
        generation = (dataset,)
        found = state["cache"].get(generation, key)
        if found is None:
            def render() -> bytes:
                started = time.perf_counter()
                body = files.make(kind, dataset, view, base_url, options, plotly_js() if kind == "snapshot.html"
                                  else "", TOPOJSON.read_text(encoding="utf-8") if kind == "snapshot.html" else "")
                if encoding:
                    body = compression.compress(body, encoding, "answer")
                logger.info("export %s %s rendered in %.0f ms, %d bytes", kind, to_query(view),
                            (time.perf_counter() - started) * 1000, len(body))
                return body

            try:
                body = state["gate"].run(render)
            except Busy as busy:
                logger.warning("export %s refused: %s", kind, busy)
                return busy_response()
            state["renders"] += 1
            state["cache"].put(generation, key, 200, body, {})
        else:
            body = found[1]
        response = flask.Response(body, content_type=MEDIA_TYPES[kind])
        compression.encoded(response, encoding)
        response.set_etag(f"{dataset.version}-{hashlib.sha256(key).hexdigest()[:16]}")
        response.cache_control.no_cache = True
        attachment(response, files.file_name(kind, view, options))
        return response.make_conditional(flask.request)

    return state
