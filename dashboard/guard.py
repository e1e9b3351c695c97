"""Bad requests get a short 4xx JSON answer, never a server error or a traceback; logs are JSON lines.

Stock Dash answers most malformed callback requests (a list for a body, a missing key, an unknown output) with
HTTP 500 and, in debug mode, a traceback. Before Dash sees a request to `/_dash-update-component`, this module
checks its size, its JSON and its shape against the callbacks the app declares:

  413  body over `max_request_bytes` (any route: Flask's MAX_CONTENT_LENGTH)
  415  not `Content-Type: application/json`
  400  not JSON, or not the shape Dash's renderer sends (an object with output, outputs, inputs...)
  404  no server-side callback has this output
  422  ids or properties that are not the callback's own, or JSON nested too deeply

Values are not checked here: every callback treats its inputs as untrusted (dashboard.state keeps only known
values). If a callback still raises, the request is answered 422 ("could not be processed") with no detail, and
the traceback goes to the server log only: every input of a callback comes from the client, so a value that
breaks one is treated as a bad request, and the log line makes a genuine bug visible to whoever runs the server.
Any other unexpected error is a plain-text 500 with no detail. In debug mode Dash's own handler shows tracebacks,
as debug mode is meant to.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

import flask
from dash._utils import stringify_id
from dash.exceptions import DependencyException, InvalidResourceError
from werkzeug.exceptions import HTTPException

logger = logging.getLogger("dashboard.guard")

CALLBACK_ROUTE = "_dash-update-component"
MAX_DEPTH = 32  # the renderer's bodies nest 5 levels deep; deeper JSON is refused before any code walks it
TOP_LEVEL_LISTS = ("inputs", "state", "changedPropIds", "parsedChangedPropsIds")


class Refused(Exception):
    """A callback request refused before Dash runs it: an HTTP status and a message naming what was expected."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def install(app, settings) -> None:
    """Size limit, request checks and error handlers on the app's Flask server."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    route = app.config.routes_pathname_prefix + CALLBACK_ROUTE

    def is_callback_request() -> bool:
        return flask.request.path == route

    @server.before_request
    def check_callback_request():
        if not is_callback_request() or flask.request.method != "POST":
            return None
        try:
            check_request(flask.request, app.callback_map, settings.max_request_bytes)
        except Refused as refused:
            logger.info("refused callback request: %s %s", refused.status, refused.message)
            return error_response(refused.status, refused.message)
        return None

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if is_callback_request() and error.code is not None:
            return error_response(error.code, error.name)
        return error

    @server.errorhandler(Exception)
    def unexpected_error(error: Exception):
        logger.error("error while answering %s %s", flask.request.method, flask.request.path, exc_info=error)
        if is_callback_request():
            return error_response(422, "the callback could not process this request")
        return flask.Response("Something went wrong. / Un problème est survenu.\n", 500, mimetype="text/plain")

    def unknown_resource(_error):
        # Dash answers an unknown script path with 500 (DependencyException) or echoes the path back as HTML.
        return flask.Response("Not found.\n", 404, mimetype="text/plain")

    for error_class in (InvalidResourceError, DependencyException):
        server.register_error_handler(error_class, unknown_resource)


def error_response(status: int, message: str) -> flask.Response:
    response = flask.jsonify(error=message, status=status)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def check_request(request: flask.Request, callback_map: dict, max_bytes: int) -> dict:
    """The parsed body of a callback request, or Refused saying why not."""
    if request.content_length is not None and request.content_length > max_bytes:
        raise Refused(413, f"request body over {max_bytes} bytes")
    if request.mimetype != "application/json":
        raise Refused(415, "expected Content-Type: application/json")
    raw = request.get_data(cache=True)  # raises 413 itself when a body without a length runs over the limit
    body = parse_json(raw)
    check_body(body, callback_map)
    return body


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> object:
    try:
        body = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # ValueError covers bad JSON and undecodable bytes
        raise Refused(400, "expected a JSON body") from None
    if _depth(body) > MAX_DEPTH:
        raise Refused(422, f"JSON nested more than {MAX_DEPTH} levels deep")
    return body


def _depth(value: object) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def check_body(body: object, callback_map: dict) -> None:
    """The body names a server-side callback and lists exactly its outputs, inputs and state, as the renderer does."""
    if not isinstance(body, dict):
        raise Refused(400, "expected a JSON object with output, outputs, inputs")
    output = body.get("output")
    if not isinstance(output, str):
        raise Refused(400, "expected 'output': a string")
    for key in TOP_LEVEL_LISTS:
        if key in body and not isinstance(body[key], list):
            raise Refused(400, f"expected {key!r}: a list")
    if "inputs" not in body or "outputs" not in body:
        raise Refused(400, "expected 'inputs' and 'outputs'")
    callback = callback_map.get(output)
    if not isinstance(callback, dict) or not callable(callback.get("callback")):
        raise Refused(404, "no such callback")
    _check_outputs(output, body["outputs"], callback)
    _check_items("inputs", body["inputs"], callback.get("inputs", []))
    _check_items("state", body.get("state", []), callback.get("state", []))
    # Dash reads changedPropIds (for ctx.triggered); parsedChangedPropsIds, the renderer's parsed copy with dict
    # ids for pattern-matching inputs, is not read on the server: only its type is checked above.
    known = {f"{stringify_id(i['id'])}.{i['property']}" for i in _flat(body["inputs"])}
    if not all(isinstance(prop, str) and prop in known for prop in body.get("changedPropIds", [])):
        raise Refused(422, "expected 'changedPropIds': inputs of this callback")


def _pattern(declared_id: object) -> dict | None:
    """The id of a pattern-matching input as a dict (its wildcards as ["ALL"], ["MATCH"]...), else None."""
    if isinstance(declared_id, dict):
        return declared_id
    if isinstance(declared_id, str) and declared_id.startswith("{"):
        try:
            pattern = json.loads(declared_id)
        except ValueError:
            return None
        return pattern if isinstance(pattern, dict) else None
    return None


def _is_item(item: object) -> bool:
    return (isinstance(item, dict) and isinstance(item.get("property"), str)
            and isinstance(item.get("id"), (str, dict)))


def _flat(items: list) -> list[dict]:
    return [sub for item in items for sub in (item if isinstance(item, list) else [item])]


def _fits(item: dict, declared: dict) -> bool:
    """An item of the body fits a declared input: same property, and the same id or one the pattern matches."""
    if item["property"] != declared["property"]:
        return False
    pattern = _pattern(declared["id"])
    if pattern is None:
        return item["id"] == declared["id"]
    return (isinstance(item["id"], dict) and set(item["id"]) == set(pattern)
            and all(isinstance(want, list) or item["id"][key] == want for key, want in pattern.items()))


def _check_items(key: str, items: list, declared: list[dict]) -> None:
    """One entry per declared input, in order: an item, or for a pattern (ALL...) a list of items."""
    if not all(_is_item(item) or (isinstance(item, list) and all(_is_item(sub) for sub in item)) for item in items):
        raise Refused(400, f"expected {key!r}: objects with id and property")
    fits = len(items) == len(declared) and all(
        all(_fits(sub, want) for sub in item) if isinstance(item, list) and _pattern(want["id"]) is not None
        else isinstance(item, dict) and _fits(item, want)
        for item, want in zip(items, declared))
    if not fits:
        raise Refused(422, f"expected {key!r}: " + (", ".join(f"{i['id']}.{i['property']}" for i in declared)
                                                    or "none"))


def _check_outputs(output: str, outputs: object, callback: dict) -> None:
    if callback.get("no_output"):
        return
    multi = output.startswith("..")
    if multi != isinstance(outputs, list):
        raise Refused(400, "expected 'outputs': a list" if multi else "expected 'outputs': an object")
    items = outputs if multi else [outputs]
    pattern = "{" in output  # pattern-matching outputs: lists of items whose ids the key names by wildcards
    if not all(_is_item(item) for item in (_flat(items) if pattern else items)):
        raise Refused(400, "expected 'outputs': objects with id and property")
    if pattern:
        return
    want = output[2:-2].split("...") if multi else [output]
    got = [f"{stringify_id(item['id'])}.{item['property']}" for item in items]
    if got != want:
        raise Refused(422, "expected 'outputs': " + ", ".join(want))


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
