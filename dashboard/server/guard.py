"""Bad requests get a short 4xx JSON answer, never a server error or a traceback.

Stock Dash answers most malformed callback requests (a list for a body, a missing key, an unknown output) with
HTTP 500 and, in debug mode, a traceback. Before Dash sees a request to `/_dash-update-component`, this module
checks its size, its JSON and its shape against the callbacks the app declares (the shape Dash's renderer
sends, assumption 5 of dashboard.server.dash_compat, which reads the declared callbacks):

  413  body over `max_request_bytes` (any route: Flask's MAX_CONTENT_LENGTH), with a length or chunked
  408  a chunked body whose reading fails (behind nginx, deploy/nginx.conf, a body comes whole or not at all)
  415  not `Content-Type: application/json`
  400  not JSON, or not the shape Dash's renderer sends (an object with output, outputs, inputs...)
  404  no server-side callback has this output
  422  ids or properties that are not the callback's own, or JSON nested too deeply

The route that answers a pick of a country ahead (dashboard.server.ahead) checks its query here too
(check_ahead_query): a parameter missing, repeated, unknown or malformed, a country not in the data, or a view that is
not a view's address as the page keeps it is answered 400 with a JSON message naming what was expected.

Values are not checked here: every callback treats its inputs as untrusted (dashboard.core.state keeps only
known values). If a callback still raises, the request is answered 422 ("could not be processed") with no detail, and the
server log gets one WARNING line naming the exception and where it was raised (the traceback at DEBUG): every
input of a callback comes from the client, so a value that breaks one is treated as a bad request, and the
line makes a genuine bug visible to whoever runs the server without letting bad requests flood the log.
Any other unexpected error is a plain-text 500 with no detail. In debug mode Dash's own handler shows tracebacks,
as debug mode is meant to. Outside the callback route, errors are short plain text in English and French (a request
carries no language of ours); the callback route's JSON messages are for the program that sent the request.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import traceback

import flask
from dash.exceptions import DependencyException, InvalidResourceError
from werkzeug.exceptions import HTTPException

from dashboard.core import i18n
from dashboard.core.briefing import Playing, address, read_address
from dashboard.core.state import ViewState, Vocabulary
from dashboard.server import dash_compat
from dashboard.server.dash_compat import CALLBACK_ROUTE

logger = logging.getLogger("dashboard.guard")

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
        if error.code is not None and 400 <= error.code < 600:
            return plain_text(error.code)  # werkzeug's own page is English HTML
        return error

    @server.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if is_callback_request():
            # Every input of a callback comes from the client: one line at WARNING, where it broke, so that a
            # stream of bad requests cannot flood the log with tracebacks; the whole traceback at DEBUG.
            logger.warning("callback request could not be processed: %s at %s", error.__class__.__name__,
                           _where(error))
            logger.debug("traceback of the callback request", exc_info=error)
            return error_response(422, "the callback could not process this request")
        logger.error("error while answering %s %s", flask.request.method, flask.request.path, exc_info=error)
        return plain_text(500)

    def unknown_resource(_error):
        # Dash answers an unknown script path with 500 (DependencyException) or echoes the path back as HTML.
        return plain_text(404)

    for error_class in (InvalidResourceError, DependencyException):
        server.register_error_handler(error_class, unknown_resource)


def plain_text(status: int, key: str | None = None, **values: object) -> flask.Response:
    """'Not found. / Introuvable.': a short answer in both languages, never cached, with no detail of the request;
    the catalogue's `key` with its `values` (the status's own message by default)."""
    if key is None:
        key = f"http_{status}" if f"http_{status}" in i18n.STRINGS else "http_other"
    response = flask.Response(i18n.both_languages(key, **values) + "\n", status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def error_response(status: int, message: str) -> flask.Response:
    response = flask.jsonify(error=message, status=status)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _where(error: BaseException) -> str:
    """file:line of the innermost frame of the dashboard's own code (or the last frame) an error passed through."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/dashboard/" in f.filename.replace("\\", "/")] or frames
    if not ours:
        return "?"
    frame = ours[-1]
    path = frame.filename.replace("\\", "/")
    return f"{path[path.rfind('/dashboard/') + 1:] if '/dashboard/' in path else path.rsplit('/', 1)[-1]}:{frame.lineno}"


def _read_unsized_body(request: flask.Request, max_bytes: int) -> None:
    """A body without Content-Length (chunked): read up to one byte over the limit, refused when it gets there;
    otherwise kept as the request's body, with its length, for whatever reads it next."""
    environ = request.environ
    if not environ.get("wsgi.input_terminated"):
        return  # werkzeug reads such a body as empty: nothing to bound
    try:
        raw = environ["wsgi.input"].read(max_bytes + 1)
    except OSError:
        raise Refused(408, "request body not received in time") from None
    if len(raw) > max_bytes:
        raise Refused(413, f"request body over {max_bytes} bytes")
    environ["wsgi.input"] = io.BytesIO(raw)
    environ["CONTENT_LENGTH"] = str(len(raw))
    request.__dict__.pop("content_length", None)  # werkzeug's cached property, read before the length was known
    request.__dict__.pop("stream", None)


def check_request(request: flask.Request, callback_map: dict, max_bytes: int) -> dict:
    """The parsed body of a callback request, or Refused saying why not."""
    if request.content_length is not None and request.content_length > max_bytes:
        raise Refused(413, f"request body over {max_bytes} bytes")
    if request.mimetype != "application/json":
        raise Refused(415, "expected Content-Type: application/json")
    if request.content_length is None:
        _read_unsized_body(request, max_bytes)
    raw = request.get_data(cache=True)
    body = parse_json(raw)
    check_callback_body(body, callback_map)
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




# --- the callback request's shape, as Dash's renderer sends it -------------------------------------------------------

def check_callback_body(body: object, callback_map: dict) -> None:
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
    callback = dash_compat.server_callback(callback_map, output)
    if callback is None:
        raise Refused(404, "no such callback")
    if not callback.no_output:
        _check_outputs(output, body["outputs"])
    _check_items("inputs", body["inputs"], callback.inputs)
    _check_items("state", body.get("state", []), callback.state)
    # Dash reads changedPropIds (for ctx.triggered); parsedChangedPropsIds, the renderer's parsed copy with dict
    # ids for pattern-matching inputs, is not read on the server: only its type is checked above.
    known = {_name(item) for item in _flat(body["inputs"])}
    if not all(isinstance(prop, str) and prop in known for prop in body.get("changedPropIds", [])):
        raise Refused(422, "expected 'changedPropIds': inputs of this callback")


def _name(item: dict) -> str:
    """`id.property` of an item of the body, as the renderer writes it in changedPropIds and output keys."""
    return f"{dash_compat.stringify_id(item['id'])}.{item['property']}"


def _is_item(item: object) -> bool:
    return (isinstance(item, dict) and isinstance(item.get("property"), str)
            and isinstance(item.get("id"), (str, dict)))


def _flat(items: list) -> list[dict]:
    return [sub for item in items for sub in (item if isinstance(item, list) else [item])]


def _fits(item: dict, declared: dict) -> bool:
    """An item of the body fits a declared input: same property, and the same id or one the pattern matches."""
    if item["property"] != declared["property"]:
        return False
    pattern = declared["id"]
    if not isinstance(pattern, dict):
        return item["id"] == pattern
    return (isinstance(item["id"], dict) and set(item["id"]) == set(pattern)
            and all(want is dash_compat.WILDCARD or item["id"][key] == want for key, want in pattern.items()))


def _check_items(key: str, items: list, declared: tuple[dict, ...]) -> None:
    """One entry per declared input, in order: an item, or for a pattern (ALL...) a list of items."""
    if not all(_is_item(item) or (isinstance(item, list) and all(_is_item(sub) for sub in item)) for item in items):
        raise Refused(400, f"expected {key!r}: objects with id and property")
    fits = len(items) == len(declared) and all(
        all(_fits(sub, want) for sub in item) if isinstance(item, list) and isinstance(want["id"], dict)
        else isinstance(item, dict) and _fits(item, want)
        for item, want in zip(items, declared))
    if not fits:
        raise Refused(422, f"expected {key!r}: " + (", ".join(want["name"] for want in declared) or "none"))


def _check_outputs(output: str, outputs: object) -> None:
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
    got = [_name(item) for item in items]
    if got != want:
        raise Refused(422, "expected 'outputs': " + ", ".join(want))


# --- a pick of a country asked ahead (dashboard.server.ahead) ---------------------------------------------------------

AHEAD_PARAMETERS = ("view", "pick", "country", "v", "banner")
MAX_AHEAD_VIEW = 8192  # a view's address, a briefing in it included; gunicorn refuses longer request lines anyway
MAX_AHEAD_TOKEN = 64  # a data version, a banner's stamp


@dataclasses.dataclass(frozen=True)
class AheadQuery:
    state: ViewState
    playing: Playing
    pick: str
    country: str
    version: str
    banner: str | None


def check_ahead_query(args, vocab: Vocabulary, picks: tuple[str, ...]) -> AheadQuery:
    """`?view=<the page's address>&pick=<one of picks>&country=<ISO3>&v=<data version>[&banner=<stamp>]` (each
    once) read, or Refused (400) saying what was expected. The view must be an address exactly as the page keeps it,
    so that the answer is the one for the view the page shows."""
    unknown = sorted(set(args) - set(AHEAD_PARAMETERS))
    if unknown:
        raise Refused(400, f"unexpected parameter {unknown[0]!r}: expected {', '.join(AHEAD_PARAMETERS)}")
    values = {}
    for name in AHEAD_PARAMETERS:
        given = args.getlist(name)
        if len(given) > 1:
            raise Refused(400, f"expected {name!r} once")
        if not given and name != "banner":
            raise Refused(400, f"expected {name!r}")
        values[name] = given[0] if given else None
    if values["pick"] not in picks:
        raise Refused(400, f"expected 'pick': one of {', '.join(picks)}")
    if values["country"] not in vocab.countries:
        raise Refused(400, "expected 'country': the ISO 3166-1 alpha-3 code of a country in the data")
    for name in ("v", "banner"):
        if values[name] is not None and not 0 < len(values[name]) <= MAX_AHEAD_TOKEN:
            raise Refused(400, f"expected {name!r}: 1 to {MAX_AHEAD_TOKEN} characters")
    view = values["view"]
    state, playing = read_address(vocab, view) if len(view) <= MAX_AHEAD_VIEW else (None, None)
    if state is None or playing.message or address(state, playing) != view:
        raise Refused(400, "expected 'view': the address of a view, as the page keeps it")
    return AheadQuery(state, playing, values["pick"], values["country"], values["v"], values["banner"])
