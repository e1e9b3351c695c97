"""Logs as JSON lines: the server's and the app's messages, and gunicorn's access log (gunicorn.conf.py loads these)."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import json
import logging
import os
import threading
import time


class JsonLogFormatter(logging.Formatter):
    """One JSON object a line (time, level, logger, message, and the traceback as a field), like the access log."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class JsonAccessFormatter(logging.Formatter):
    """gunicorn's access log as JSON built field by field, so a quote in a request line cannot forge a field."""

    FIELDS = {"remote": "h", "request": "r", "status": "s", "bytes": "B", "ms": "M"}

    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args if isinstance(record.args, dict) else {}
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds")}
        for field, atom in self.FIELDS.items():
            value = atoms.get(atom)
            if isinstance(value, str):
                value = value.replace('\\"', '"')  # gunicorn's SafeAtoms escaped quotes for its own format
            if field == "status":
                value = int(value) if str(value).isdigit() else value
            entry[field] = value
        return json.dumps(entry, ensure_ascii=False)


@dataclasses.dataclass
class _Window:
    started: float
    passed: int = 1
    left_out: int = 0
    last: logging.LogRecord | None = None


class RepeatFilter(logging.Filter):
    """Repeated lines aggregated, so that a burst of requests cannot flood the log: of the lines with the same
    logger, level and message (its template: `export %s refused: %s` for every export refused), the first `burst`
    of each `interval` seconds pass, the others are counted, and when the interval ends one line says how many were
    left out and quotes the last. gunicorn.conf.py puts it on the handler of the server's and the app's messages.

    `clock` and `schedule(delay, function)` (a daemon timer by default) are there for tests to drive time."""

    SUMMARY = "%d more like this in %g s, not written one by one; the last: %s"

    def __init__(self, interval: float = 60.0, burst: int = 10, max_keys: int = 256, clock=time.monotonic,
                 schedule=None):
        super().__init__()
        self.interval, self.burst, self.max_keys, self.clock = float(interval), int(burst), int(max_keys), clock
        self.schedule = schedule or _daemon_timer
        self._windows: collections.OrderedDict[tuple, _Window] = collections.OrderedDict()
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "repeat_summary", False):
            return True
        key = (record.name, record.levelno, str(record.msg))
        ended: list[_Window] = []
        with self._lock_here():
            now = self.clock()
            window = self._windows.get(key)
            if window is None or now - window.started >= self.interval:
                if window is not None and window.left_out:
                    ended.append(self._take(window))  # its timer has not run (or could not): said now, first
                self._windows[key] = _Window(now)
                self._windows.move_to_end(key)
                while len(self._windows) > self.max_keys:
                    _old_key, old = self._windows.popitem(last=False)
                    if old.left_out:
                        ended.append(self._take(old))
                passes = True
            elif window.passed < self.burst:
                window.passed += 1
                passes = True
            else:
                window.left_out += 1
                window.last = record
                if window.left_out == 1:
                    self.schedule(max(0.0, window.started + self.interval - now),
                                  lambda: self._interval_ended(key, window))
                passes = False
        for window in ended:
            self._summarise(window)
        return passes

    def _lock_here(self) -> threading.Lock:
        # Forked with gunicorn's workers: a lock or timers of the parent mean nothing in the child.
        if self._pid != os.getpid():
            self._pid, self._lock, self._windows = os.getpid(), threading.Lock(), collections.OrderedDict()
        return self._lock

    def _interval_ended(self, key: tuple, window: _Window) -> None:
        with self._lock_here():
            if not window.left_out:
                return  # said already
            said = self._take(window)
        self._summarise(said)

    @staticmethod
    def _take(window: _Window) -> _Window:
        """What the window left out, to be said once: the window itself counts none from now on."""
        said = dataclasses.replace(window)
        window.left_out = 0
        return said

    def _summarise(self, window: _Window) -> None:
        last = window.last
        summary = logging.LogRecord(last.name, last.levelno, last.pathname, last.lineno, self.SUMMARY,
                                    (window.left_out, self.interval, last.getMessage()), None, last.funcName)
        summary.repeat_summary = True
        logging.getLogger(last.name).handle(summary)


def _daemon_timer(delay: float, function) -> None:
    timer = threading.Timer(delay, function)
    timer.daemon = True
    timer.start()
