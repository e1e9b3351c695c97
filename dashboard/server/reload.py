"""Live reload: each worker notices changed data files, loads them whole once they have settled, then swaps; bad
data never replaces good; every worker, a newly forked one included, serves the same last good data and status.

Every worker looks on its own, at most once per `reload_interval` seconds, on a request and from a small watcher
thread (so an idle worker keeps up too): a stat of each data file (cheap). Files that changed are loaded only once
two looks a full interval apart have seen them unchanged: a file being written (in place, a chunk at a time) is
never read half-written. They are then copied to a snapshot, the copy is loaded and validated, and the next
request, before it starts, puts the result in `live.dataset` in one assignment, so a request sees either the old
data or the new, never a mix. Invalid new data is refused: the last good data stays, and the page's banner
(dashboard.ui.banner) and /healthz name the first problems and when the good data was loaded.

Workers agree through a small state folder that only the dashboard writes (`state_dir`; by default a private
temporary folder per start, shared by the workers of that start): `state.json` names the last good version, when
it was loaded, and the refusal of newer files if any; `good-<version>/` holds a copy of the files of that version.
A worker forked after a reload (gunicorn replacing a worker, or one that died) starts with the master's start-up
data, so before serving anything it adopts what state.json says: the last good version from its copy, and the
same refusal. A worker that refuses files also adopts a newer good version another worker accepted while it was
not looking. Writes are whole-file replacements under a lock, so a reader never sees half a state.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from dashboard.core import load
from dashboard.core.load import content_version, version_of
from dashboard.core.live import LiveData, ReloadFailure
from dashboard.core.problems import DataError, Problem
from dashboard.core.schema import GEOMETRY_FILE, TABLES

logger = logging.getLogger("dashboard.reload")

FILES = (*TABLES, GEOMETRY_FILE)
STATE_FILE = "state.json"
KEEP_VERSIONS = 3  # copies of good versions kept in the state folder (a worker may be reading an older one)
_FORK_LOCK = threading.Lock()  # only ever held in a worker, after its fork
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


def files_key(data_dir: Path) -> str:
    """What these files are, missing ones included: two refusals of the same files are one refusal."""
    parts = []
    for name in FILES:
        try:
            raw = (data_dir / name).read_bytes()
        except OSError:
            raw = None
        parts += [f"{name}\0{'-' if raw is None else len(raw)}\0".encode(), raw or b""]
    return version_of(*parts)


# --- the state the workers share ----------------------------------------------------------------------------------

def _failure_to_state(files: str, failure: ReloadFailure) -> dict:
    return {"files": files, "failed_at": failure.failed_at.isoformat(),
            "problems": [dataclasses.astuple(p) for p in failure.problems]}


def _failure_from_state(entry: dict) -> ReloadFailure:
    return ReloadFailure(tuple(Problem(*p) for p in entry["problems"]), dt.datetime.fromisoformat(entry["failed_at"]))


class SharedState:
    """The state folder: state.json and copies of the good versions. Every method is safe across processes."""

    def __init__(self, folder: Path | str | None = None):
        if folder:
            self.folder = Path(folder)
            self.folder.mkdir(parents=True, exist_ok=True)
        else:
            self.folder = Path(tempfile.mkdtemp(prefix="dashboard-state-"))  # 0700: this user's only
            owner = os.getpid()
            # Removed when the process that made it exits (gunicorn's master); forked workers inherit the hook.
            atexit.register(lambda: os.getpid() == owner and shutil.rmtree(self.folder, ignore_errors=True))

    def _lock(self):
        handle = open(self.folder / "lock", "a+")
        fcntl.flock(handle, fcntl.LOCK_EX)
        return handle

    def read(self) -> dict:
        try:
            return json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _write(self, state: dict) -> None:
        temporary = self.folder / f".{STATE_FILE}.{os.getpid()}.{threading.get_ident()}"
        temporary.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temporary, self.folder / STATE_FILE)  # whole or not at all, for every reader

    def snapshot(self, data_dir: Path) -> Path:
        """A private copy of the data files (those that exist) to load from."""
        target = Path(tempfile.mkdtemp(prefix="incoming-", dir=self.folder))
        for name in FILES:
            try:
                shutil.copyfile(data_dir / name, target / name)
            except FileNotFoundError:
                pass
        return target

    def good_dir(self, version: str) -> Path:
        return self.folder / f"good-{version}"

    def accept(self, snapshot: Path | None, dataset) -> dt.datetime:
        """Publishes `dataset` (loaded from `snapshot`) as the last good data; returns the time it counts as loaded
        at: another worker's, when it accepted the same version first, so that the banners agree."""
        with self._lock():
            state = self.read()
            good = state.get("good") or {}
            if snapshot is not None and not self.good_dir(dataset.version).exists():
                os.replace(snapshot, self.good_dir(dataset.version))
            if good.get("version") == dataset.version:
                if state.get("refused"):
                    self._write({**state, "refused": None})
                return dt.datetime.fromisoformat(good["loaded_at"])
            self._write({"good": {"version": dataset.version, "loaded_at": dataset.loaded_at.isoformat()},
                         "refused": None})
            self._prune(dataset.version)
            return dataset.loaded_at

    def refuse(self, files: str, failure: ReloadFailure, serving) -> tuple[ReloadFailure, dict]:
        """Publishes the refusal of these `files` (files_key); returns the refusal to show (another worker's, when it
        refused the same files first) and the good entry of the state (which may be newer than `serving`)."""
        with self._lock():
            state = self.read()
            good = state.get("good") or {"version": serving.version, "loaded_at": serving.loaded_at.isoformat()}
            refused = state.get("refused")
            if refused and refused.get("files") == files:
                return _failure_from_state(refused), good
            self._write({"good": good, "refused": _failure_to_state(files, failure)})
            return failure, good

    def restore(self) -> None:
        """The good version's files are back: no refusal any more."""
        with self._lock():
            state = self.read()
            if state.get("refused"):
                self._write({**state, "refused": None})

    def load_good(self, good: dict):
        """The data set of a published good version, with its published load time; None when it is gone."""
        folder = self.good_dir(good["version"])
        try:
            dataset = load.load(folder)
        except (DataError, OSError) as err:
            logger.warning("could not load the published good data %s: %s", good["version"], err)
            return None
        if dataset.version != good["version"]:
            return None
        return dataclasses.replace(dataset, loaded_at=dt.datetime.fromisoformat(good["loaded_at"]))

    def _prune(self, current: str) -> None:
        copies = sorted(self.folder.glob("good-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [c for c in copies if c.name != f"good-{current}"][KEEP_VERSIONS - 1:]:
            shutil.rmtree(old, ignore_errors=True)


# --- one worker's reloader ----------------------------------------------------------------------------------------

class Reloader:
    """Watches the data files of one worker; new valid data is staged, then served from the next request on."""

    def __init__(self, live: LiveData, data_dir: Path | str, interval: float, clock=time.monotonic,
                 watch: bool = False, state: SharedState | None = None):
        self.live = live
        self.data_dir = Path(data_dir)
        self.interval = interval
        self.clock = clock
        self.watch = watch
        self.state = state if state is not None else SharedState()
        # The files the served data came from, when they still are what was loaded (checked by content).
        seen = signature(self.data_dir)
        same = content_version(self.data_dir) == live.dataset.version and signature(self.data_dir) == seen
        self.signature: Signature | None = seen if same else None
        self._pending: Signature | None = None  # a change seen once, loaded when a look an interval later agrees
        self._pending_since = 0.0
        self.last_check = float("-inf")
        self._check_lock = threading.Lock()
        self._stage_lock = threading.Lock()
        self._staged: tuple[object, ReloadFailure | None] | None = None  # (dataset or None, failure) to apply
        self._pid = os.getpid()
        self._watcher_pid: int | None = None

    def on_request(self) -> None:
        """before_request: look at the files if it is time, then serve what is staged (between requests only)."""
        if self._pid != os.getpid():
            self.after_fork()  # not forked by gunicorn's hook (another prefork server): adopt before serving
        if self.watch and self._watcher_pid != os.getpid():
            self._start_watcher()
        self.check()
        self.apply()

    def after_fork(self) -> None:
        """In a new worker, before it serves: the last good data and the reload status the others published."""
        with _FORK_LOCK:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            # Locks a thread of the parent held at the fork would stay held for good in the child.
            self._check_lock, self._stage_lock, self._staged = threading.Lock(), threading.Lock(), None
            if self.interval <= 0:
                return
            state = self.state.read()
            good = state.get("good")
            if good and good.get("version") != self.live.dataset.version:
                dataset = self.state.load_good(good)
                if dataset is not None:
                    self.live.dataset = dataset
                    self.signature = None  # not the files the master loaded: compare them again
                    logger.info("adopted the last good data %s loaded at %s", dataset.version, good["loaded_at"])
            refused = state.get("refused")
            self.live.reload_error = _failure_from_state(refused) if refused else None
        if self.watch:
            self._start_watcher()

    def _start_watcher(self) -> None:
        # Started in the worker (after the fork, or on its first request), never in a process that forks later: an
        # idle worker still follows the files.
        if self._watcher_pid == os.getpid():
            return
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
        """Throttled: at most one stat of the files per interval; a load only when they changed and then stayed
        unchanged for a full interval."""
        if self.interval <= 0:
            return
        now = self.clock()
        if now - self.last_check < self.interval or not self._check_lock.acquire(blocking=False):
            return  # checked recently, or another thread of this worker is checking right now
        try:
            self.last_check = now
            current = signature(self.data_dir)
            if current == self.signature:
                self._pending = None
            elif current != self._pending:
                self._pending, self._pending_since = current, now  # still being written, perhaps: wait
            elif now - self._pending_since >= self.interval:
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
        self._pending = None
        good = self._newest_good()
        snapshot = self.state.snapshot(self.data_dir)
        try:
            if signature(self.data_dir) != seen:
                return  # a file changed while it was copied (a save in progress): look again at the next check
            version = content_version(snapshot)
            if version == good.version:
                # Touched, saved unchanged, or put back as it was: the data to serve is already this one.
                self.signature = seen
                self.state.restore()
                self._stage(None, None)
                return
            failure = None
            try:
                dataset = load.load(snapshot)
            except DataError as err:
                failure = err.problems
            except Exception as err:  # a file vanishing or unreadable must not take the worker down
                logger.exception("data reload failed while reading %s", self.data_dir.name)
                failure = [Problem(self.data_dir.name, 1, 1, f"could not be read: {err.__class__.__name__} "
                                                             "(expected readable data files)")]
            self.signature = seen
            if failure is None:
                loaded_at = self.state.accept(snapshot, dataset)
                if loaded_at != dataset.loaded_at:
                    dataset = dataclasses.replace(dataset, loaded_at=loaded_at)
                self._stage(dataset, None)
                logger.info("data reloaded: version %s, %d engagements", dataset.version, len(dataset.engagements))
                return
            self._refuse(files_key(snapshot), failure, good)
        finally:
            shutil.rmtree(snapshot, ignore_errors=True)  # gone already when it became the published copy

    def _refuse(self, files: str, failure: list[Problem], good) -> None:
        problems = tuple(sorted(failure, key=lambda p: (p.severity != "error", p)))
        refused, published = self.state.refuse(files, ReloadFailure(problems, dt.datetime.now(dt.timezone.utc)),
                                                good)
        newer = None
        if published.get("version") != good.version and \
                dt.datetime.fromisoformat(published["loaded_at"]) > good.loaded_at:
            newer = self.state.load_good(published)  # another worker accepted files this one never saw settled
        self._stage(newer, refused)
        serving = newer or good
        logger.warning("data reload refused: %d error(s), still serving version %s loaded at %s; first: %s",
                       len(refused.errors), serving.version, serving.loaded_at.isoformat(),
                       problems[0] if problems else "")


def install(app, live, settings) -> Reloader:
    """The check before every request, plus a watcher thread per worker; the state folder the workers share."""
    state = SharedState(getattr(settings, "state_dir", "") or None) if settings.reload_interval > 0 else None
    reloader = Reloader(live, settings.data_dir, settings.reload_interval, watch=True,
                        state=state if state is not None else _NoState())
    if settings.reload_interval > 0:
        state.accept(None, live.dataset)  # at start (in gunicorn's master): the files just loaded are the good data
        app.server.before_request(reloader.on_request)
    app.server.reloader = reloader
    return reloader


class _NoState(SharedState):
    """Live reload off: nothing to share, no folder made."""

    def __init__(self):
        self.folder = None

    def read(self) -> dict:
        return {}


def after_fork(server) -> None:
    """gunicorn's post_fork hook (gunicorn.conf.py): the new worker adopts the shared state before it serves."""
    reloader = getattr(server, "reloader", None)
    if reloader is not None:
        reloader.after_fork()
