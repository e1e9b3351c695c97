"""Live reload: each worker notices changed data files, loads them whole, then swaps; bad data never replaces good.

Every worker looks on its own, at most once per `reload_interval` seconds, on a request and from a small watcher
thread (so an idle worker keeps up too): a stat of each data file (cheap); when one changed, the whole data set is
loaded and validated and staged; the next request, before it starts, puts it in `live.dataset` in
one assignment, so a request sees either the old data or the new, never a mix. Workers share nothing, so each
converges within a second of a change, without a restart. Invalid new data is refused: the last good data stays,
and the page's banner (dashboard.ui.banner) and /healthz name the first problems and when the good data was loaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import threading
import time
from pathlib import Path

from dashboard.core import load
from dashboard.core.live import LiveData, ReloadFailure
from dashboard.core.problems import DataError, Problem
from dashboard.core.schema import GEOMETRY_FILE, TABLES

logger = logging.getLogger("dashboard.reload")

FILES = (*TABLES, GEOMETRY_FILE)
Signature = tuple[tuple[str, int, int] | tuple[str, None, None], ...]


def signature(data_dir: Path) -> Signature:
    """What a stat says of each data file: enough to notice a save, a copy over, a rename into place."""
    parts = []
    for name in FILES:
        try:
            stat = os.stat(data_dir / name)
        except OSError:
            parts.append((name, None, None))
        else:
            parts.append((name, stat.st_mtime_ns, stat.st_size))
    return tuple(parts)


def content_version(data_dir: Path) -> str | None:
    """The version load() would give these files (a hash of their bytes); None when one cannot be read."""
    try:
        raw = b"".join((data_dir / name).read_bytes() for name in FILES)
    except OSError:
        return None
    return hashlib.sha256(raw).hexdigest()[:12]


class Reloader:
    """Watches the data files of one worker; new valid data is staged, then served from the next request on."""

    def __init__(self, live: LiveData, data_dir: Path | str, interval: float, clock=time.monotonic, watch: bool = False):
        self.live = live
        self.data_dir = Path(data_dir)
        self.interval = interval
        self.clock = clock
        self.watch = watch
        self.signature: Signature | None = None  # unknown until the first check compares contents
        self.last_check = float("-inf")
        self._check_lock = threading.Lock()
        self._stage_lock = threading.Lock()
        self._staged: tuple[object, ReloadFailure | None] | None = None  # (dataset or None, failure) to apply
        self._watcher_pid: int | None = None

    def on_request(self) -> None:
        """before_request: look at the files if it is time, then serve what is staged (between requests only)."""
        if self.watch and self._watcher_pid != os.getpid():
            self._start_watcher()
        self.check()
        self.apply()

    def _start_watcher(self) -> None:
        # Started in the worker on its first request, never in a process that forks later: an idle worker still
        # follows the files, so that all workers serve the same last good data when new files are refused.
        self._watcher_pid = os.getpid()
        threading.Thread(target=self._watch, name="dashboard-reload", daemon=True).start()

    def _watch(self) -> None:
        while True:
            time.sleep(self.interval)
            try:
                self.check()
            except Exception:  # never let the watcher die: requests still check on their own
                logger.exception("data file check failed")

    def check(self) -> None:
        """Throttled: at most one stat of the files per interval; a load only when they changed."""
        if self.interval <= 0:
            return
        now = self.clock()
        if now - self.last_check < self.interval or not self._check_lock.acquire(blocking=False):
            return  # checked recently, or another thread of this worker is checking right now
        try:
            self.last_check = now
            current = signature(self.data_dir)
            if current != self.signature:
                self._reload(current)
        finally:
            self._check_lock.release()

    def apply(self) -> None:
        """Serve what the last check staged: one assignment, so a request sees one version of the data."""
        if self._staged is None:
            return
        with self._stage_lock:
            (dataset, failure), self._staged = self._staged, None
        if dataset is not None:
            self.live.dataset = dataset
        self.live.reload_error = failure

    def _newest_good(self):
        staged = self._staged
        return staged[0] if staged is not None and staged[0] is not None else self.live.dataset

    def _stage(self, dataset, failure: ReloadFailure | None) -> None:
        with self._stage_lock:
            if dataset is None and self._staged is not None:
                dataset = self._staged[0]  # a newer good data set not served yet stays the one to serve
            self._staged = (dataset, failure)

    def _reload(self, seen: Signature) -> None:
        good = self._newest_good()
        if content_version(self.data_dir) == good.version:
            # Touched, saved unchanged, or put back as it was: the data to serve is already this one.
            self.signature = seen
            self._stage(None, None)
            return
        failure = None
        try:
            dataset = load.load(self.data_dir)
        except DataError as err:
            failure = err.problems
        except Exception as err:  # a file vanishing or changing mid-read must not take the worker down
            logger.exception("data reload failed while reading %s", self.data_dir)
            failure = [Problem(self.data_dir.name, 1, 1, f"could not be read: {err.__class__.__name__} "
                                                         "(expected readable data files)")]
        if signature(self.data_dir) != seen:
            return  # a file changed while it was read (a save in progress): look again at the next check
        self.signature = seen
        if failure is not None:
            problems = tuple(sorted(failure, key=lambda p: (p.severity != "error", p)))
            refused = ReloadFailure(problems, dt.datetime.now(dt.timezone.utc))
            self._stage(None, refused)
            logger.warning("data reload refused: %d error(s), still serving version %s loaded at %s; first: %s",
                           len(refused.errors), good.version, good.loaded_at.isoformat(),
                           problems[0] if problems else "")
            return
        self._stage(dataset, None)
        logger.info("data reloaded: version %s, %d engagements", dataset.version, len(dataset.engagements))


def install(app, live, settings) -> Reloader:
    """The check before every request, plus a watcher thread per worker."""
    reloader = Reloader(live, settings.data_dir, settings.reload_interval, watch=True)
    if settings.reload_interval > 0:
        app.server.before_request(reloader.on_request)
    return reloader
