"""Logs as JSON lines: the server's and the app's messages, and gunicorn's access log (gunicorn.conf.py loads these)."""

from __future__ import annotations

import datetime as dt
import json
import logging


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
