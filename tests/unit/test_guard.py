"""Tests for dashboard.guard: malformed callback requests get a 4xx JSON answer, never a 5xx or a traceback."""

from __future__ import annotations

import io
import json
import logging

import pytest
from dash import Input, Output
from werkzeug.test import EnvironBuilder

from dashboard.server import guard, logs
from tests.support import DATA
from tests.support.callbacks import (ROUTE, assert_clean, body_for, callback_key, make_app, output_items,
                                     post, server_callbacks)
from dashboard.server.app import create_app
from dashboard.settings import Settings

LIMIT = 262144


def render_key(app) -> str:
    return callback_key(app, "url-search", "data")


# --- well-formed requests still work --------------------------------------------------------------------------

def test_every_server_callback_answers_its_own_well_formed_request(app, client):
    keys = server_callbacks(app)
    assert len(keys) >= 4
    for key in keys:
        response = post(client, body_for(app, key))
        assert response.status_code in (200, 204), (key, response.status_code, response.data[:300])


def test_the_renderers_first_request_renders_the_page(app, client):
    response = post(client, body_for(app, render_key(app), ["?country=ARG"]))
    assert response.status_code == 200
    assert "Programa Siria" in response.get_data(as_text=True)


# --- malformed requests: one status each, a JSON answer, no traceback ----------------------------------------------

def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.fixture(scope="module")
def requests(app) -> dict:
    """What the malformed bodies are made of: a well-formed render request, another callback's outputs, and the key
    of a clientside callback (which the server never runs)."""
    good = body_for(app, render_key(app), ["?lang=fr"])
    other = callback_key(app, "data-banner-poll", "n_intervals")
    clientside = next(k for k, cb in app.callback_map.items() if not callable(cb.get("callback")))
    return {"good": good, "other": output_items(other), "clientside": clientside}


def without(body: dict, key: str) -> dict:
    return {k: v for k, v in body.items() if k != key}


# Each malformed body (made from `requests`) and the status it gets.
MALFORMED = {
    "list-body": (lambda r: [r["good"]], 400),
    "string-body": (lambda r: "just text", 400),
    "number-body": (lambda r: 42, 400),
    "null-body": (lambda r: None, 400),
    "no-output": (lambda r: without(r["good"], "output"), 400),
    "output-not-a-string": (lambda r: {**r["good"], "output": ["page.children"]}, 400),
    "no-inputs": (lambda r: without(r["good"], "inputs"), 400),
    "no-outputs": (lambda r: without(r["good"], "outputs"), 400),
    "inputs-a-dict": (lambda r: {**r["good"], "inputs": r["good"]["inputs"][0]}, 400),
    "input-a-list-of-strings": (lambda r: {**r["good"], "inputs": ["url.search"]}, 400),
    "state-a-string": (lambda r: {**r["good"], "state": "view-state.data"}, 400),
    "changed-a-string": (lambda r: {**r["good"], "changedPropIds": "url.search"}, 400),
    "unknown-output": (lambda r: {**r["good"], "output": "..page.children...nope.data.."}, 404),
    "clientside-output": (lambda r: {**r["good"], "output": r["clientside"]}, 404),
    "outputs-an-object-for-several": (lambda r: {**r["good"], "outputs": r["good"]["outputs"][0]}, 400),
    "outputs-nested-lists": (lambda r: {**r["good"], "outputs": [r["good"]["outputs"]]}, 400),
    "outputs-of-another-callback": (lambda r: {**r["good"], "outputs": r["other"]}, 422),
    "unknown-input-id": (lambda r: {**r["good"], "inputs": [{"id": "nope", "property": "search", "value": ""}]}, 422),
    "unknown-input-property": (lambda r: {**r["good"], "inputs": [{"id": "url", "property": "pathname",
                                                                   "value": "/"}]}, 422),
    "input-id-a-number": (lambda r: {**r["good"], "inputs": [{"id": 7, "property": "search", "value": ""}]}, 400),
    "extra-input": (lambda r: {**r["good"], "inputs": r["good"]["inputs"] * 2}, 422),
    "state-missing-when-declared": (lambda r: without(r["good"], "state"), 422),
    "unknown-state": (lambda r: {**r["good"], "state": [{"id": "page", "property": "children", "value": None}]}, 422),
    "unknown-changed-prop": (lambda r: {**r["good"], "changedPropIds": ["filter-years.value"]}, 422),
    "changed-prop-not-a-string": (lambda r: {**r["good"], "changedPropIds": [{"id": "url"}]}, 422),
    "too-deep": (lambda r: {**r["good"], "inputs": [{"id": "url", "property": "search", "value": nested(40)}]}, 422),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_request_gets_its_status_and_a_json_answer(client, requests, name):
    make, status = MALFORMED[name]
    response = post(client, make(requests))
    assert_clean(response)
    assert response.status_code == status, (name, response.status_code, response.data)
    assert response.is_json and response.json["status"] == status, name
    assert response.json["error"], name


def test_the_well_formed_request_the_malformed_ones_are_made_from_is_answered(client, requests):
    response = post(client, requests["good"])
    assert response.status_code == 200 and response.json["response"]["view-state"]["data"]["lang"] == "fr"


@pytest.mark.parametrize("raw, status", [
    (b"{not json", 400),
    (b"", 400),
    (b"\xff\xfe\x00garbage", 400),
    (b'{"output": NaN}', 400),
    (b'{"output": Infinity, "inputs": []}', 400),
    (b"[" * 200000 + b"]" * 200000, 413),  # over the size limit before it is even parsed
    (b"[" * 30000 + b"]" * 30000, 400),    # under the limit, deeper than the parser's recursion limit
], ids=["truncated", "empty", "not-utf8", "nan", "infinity", "huge-nesting", "deep-nesting"])
def test_bodies_that_are_not_json(client, raw, status):
    response = post(client, raw)
    assert_clean(response)
    assert response.status_code == status, response.data


def test_wrong_content_type_is_415(app, client):
    response = post(client, json.dumps(body_for(app, render_key(app))), content_type="text/plain")
    assert_clean(response)
    assert response.status_code == 415


def test_body_over_the_limit_is_413(app, client):
    body = body_for(app, render_key(app), ["?" + "x" * LIMIT])
    response = post(client, body)
    assert response.status_code == 413 and response.is_json


def test_body_over_the_limit_without_a_length_is_413(app, client):
    # As gunicorn passes a chunked body: no length, and the input stream ends where the body ends.
    environ = EnvironBuilder(path=ROUTE, method="POST", content_type="application/json",
                             input_stream=io.BytesIO(b'{"output": "' + b"x" * (LIMIT + 1000) + b'"}')).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    response = client.open(environ)
    assert response.status_code == 413 and response.is_json


def test_body_just_under_the_limit_is_read(app, client):
    body = body_for(app, render_key(app), ["?lang=fr&country=" + "A" * (LIMIT - 900)])
    assert LIMIT - 1000 < len(json.dumps(body)) < LIMIT
    response = post(client, body)
    assert response.status_code == 200  # the huge country is ignored: the default view


def test_the_limit_is_a_setting():
    small = make_app(max_request_bytes=1000)
    client = small.server.test_client()
    assert post(client, body_for(small, render_key(small), ["?" + "x" * 2000])).status_code == 413
    assert post(client, body_for(small, render_key(small), ["?lang=fr"])).status_code == 200


def test_other_methods_on_the_callback_route_are_not_errors(client):
    for method in (client.put, client.delete, client.patch):
        response = method(ROUTE, json={})
        assert_clean(response)
        assert response.status_code == 405


# --- hostile values in well-formed requests are ignored, and text stays text --------------------------------------

@pytest.mark.parametrize("search", [
    "?country=<script>alert(1)</script>",
    "?lang=<img src=x onerror=alert(1)>&category=<b>&years=1-99999",
    "?country=ZZZ&program=NOPE&region=mars&years=abcd-efgh&confirmed=maybe",
    "?" + "a=1&" * 3000,
    "?%%%&&&===",
    "?lang=fr&lang=en&lang=de",
], ids=["script-country", "html-everywhere", "unknown-values", "very-long", "bad-escapes", "repeated"])
def test_malformed_url_parameters_render_the_default_view_as_text(app, client, search):
    response = post(client, body_for(app, render_key(app), [search]))
    assert_clean(response)
    assert response.status_code == 200
    view = response.json["response"]["view-state"]["data"]
    assert view["country"] is None and view["programs"] == [] and view["regions"] == []
    text = response.get_data(as_text=True)
    assert "<script" not in text and "onerror" not in text


def test_malformed_url_parameters_through_the_real_page_route(client):
    response = client.get("/?lang=<script>alert(1)</script>&country=<img src=x onerror=alert(1)>&years=x-y"
                          "&category=%ZZ&confirmed=" + "9" * 5000)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert '<html lang="en">' in text  # an unknown language is the default one, never echoed
    assert "alert(1)" not in text and "onerror" not in text


@pytest.mark.parametrize("click", [
    {"points": [{"location": "ZZZ"}]},
    {"points": [{"location": "<script>alert(1)</script>"}]},
    {"points": [{"customdata": ["ARG"]}]},
    {"points": "ARG"},
    {"points": []},
    ["ARG"],
    "ARG",
    {"points": [{"location": "x" * 20000}]},
], ids=["unknown-country", "script", "list-customdata", "points-a-string", "no-points", "list", "string", "huge"])
def test_unknown_or_malformed_clicks_are_ignored(app, client, click):
    key = callback_key(app, "map-click", "data")  # the graph's clickData, as the page hands it on
    callback = app.callback_map[key]
    values = [click if item["id"] == "map-click" else None for item in callback["inputs"]]
    body = body_for(app, key, values)
    body["changedPropIds"] = ["map-click.data"]
    response = post(client, body)
    assert_clean(response)
    assert response.status_code in (200, 204)
    assert "<script" not in response.get_data(as_text=True)


# --- an exception inside a callback -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def failing_app():
    """The real app plus one callback that always raises, as a bug or an unforeseen value would."""
    app = create_app(Settings(data_dir=str(DATA), reload_interval=0))

    @app.callback(Output("data-banner", "title"), Input("data-banner-poll", "n_intervals"), prevent_initial_call=True)
    def always_fails(_ticks):
        raise ZeroDivisionError("a bug")

    @app.server.route("/broken")
    def broken():
        raise RuntimeError("a bug in a route")

    return app


def test_an_exception_inside_a_callback_is_a_422_without_detail(failing_app, caplog):
    client = failing_app.server.test_client()
    body = body_for(failing_app, "data-banner.title", [1])
    with caplog.at_level(logging.DEBUG, logger="dashboard.guard"):
        response = post(client, body)
    assert response.status_code == 422 and response.is_json
    assert "a bug" not in response.get_data(as_text=True)
    assert_clean(response)
    # One WARNING line says what broke and where, for whoever runs the server; the traceback only at DEBUG, so
    # that a stream of bad requests cannot flood the log with tracebacks.
    (line,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert line.levelno == logging.WARNING and line.exc_info is None
    assert "ZeroDivisionError at tests/unit/test_guard.py:" in line.getMessage() or \
        "ZeroDivisionError at test_guard.py:" in line.getMessage()
    assert any(r.levelno == logging.DEBUG and r.exc_info and r.exc_info[0] is ZeroDivisionError
               for r in caplog.records)


def test_an_exception_in_another_route_is_a_plain_500_without_detail(failing_app):
    response = failing_app.server.test_client().get("/broken")
    assert response.status_code == 500
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "Something went wrong" in text and "Un problème est survenu" in text
    assert "a bug" not in text and "Traceback" not in text


@pytest.mark.parametrize("path", ["/_dash-component-suites/dash/<script>alert(1)</script>.js",
                                  "/_dash-component-suites/nope/x.js",
                                  "/_dash-component-suites/dash/../../etc/passwd"])
def test_unknown_script_paths_are_404_and_not_echoed(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "alert" not in response.get_data(as_text=True) and "passwd" not in response.get_data(as_text=True)
    assert response.get_data(as_text=True) == "Not found. / Introuvable.\n"  # a request has no language: both


@pytest.mark.parametrize("method, path, status, text", [
    ("get", "/assets/no-such-file.css", 404, "Not found. / Introuvable.\n"),
    ("post", "/healthz", 405, "Method not allowed. / Méthode non autorisée.\n"),
])
def test_other_http_errors_are_short_plain_text_in_both_languages(client, method, path, status, text):
    response = getattr(client, method)(path)
    assert (response.status_code, response.mimetype, response.get_data(as_text=True)) == (status, "text/plain", text)


# --- the pieces -------------------------------------------------------------------------------------------------

def test_depth_counts_nesting_without_recursion():
    assert guard._depth(1) == 1
    assert guard._depth({"a": [1, {"b": 2}]}) == 4
    deep: list = []
    node = deep
    for _ in range(100000):
        node.append([])
        node = node[0]
    assert guard._depth(deep) == guard.MAX_DEPTH + 1  # stops counting past the limit


def test_json_log_lines():
    formatter = logs.JsonLogFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("dashboard.guard", logging.ERROR, __file__, 1, "failed on %s", ("/x",),
                                   exc_info=__import__("sys").exc_info())
    line = formatter.format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "error" and entry["logger"] == "dashboard.guard" and entry["message"] == "failed on /x"
    assert "ValueError: boom" in entry["exception"]


def test_pattern_matching_callbacks_pass_as_the_renderer_sends_them():
    """Inputs with ALL come as a list of items with dict ids; parsedChangedPropsIds then holds dicts."""
    from dash import ALL, Dash, html

    app = Dash(__name__)
    app.layout = html.Div([html.Button(id={"type": "pick", "row": n}) for n in range(3)] + [html.Div(id="out")])

    @app.callback(Output("out", "children"), Input({"type": "pick", "row": ALL}, "n_clicks"))
    def picked(clicks):
        return str(clicks)

    guard.install(app, Settings())
    key = "out.children"
    items = [{"id": {"row": n, "type": "pick"}, "property": "n_clicks", "value": n} for n in range(3)]
    body = {"output": key, "outputs": {"id": "out", "property": "children"}, "inputs": [items],
            "changedPropIds": ['{"row":1,"type":"pick"}.n_clicks'],
            "parsedChangedPropsIds": [{"row": 1, "type": "pick"}]}
    client = app.server.test_client()
    response = post(client, body)
    assert response.status_code == 200, response.data
    assert "[0, 1, 2]" in response.get_data(as_text=True)
    for broken, status in [({**body, "inputs": [["pick"]]}, 400), ({**body, "changedPropIds": [{"row": 1}]}, 422),
                           ({**body, "parsedChangedPropsIds": "pick"}, 400),
                           ({**body, "outputs": [body["outputs"]]}, 400),  # a list for a single output
                           ({**body, "output": "..out.children...out.title.."}, 404)]:
        response = post(client, broken)
        assert response.status_code == status, (broken, response.data)


# --- hardening -----------------------------------------------------------------------------------------

def chunked_environ(raw: bytes) -> dict:
    """As gunicorn passes a chunked body: no length, the input stream ends where the body ends."""
    environ = EnvironBuilder(path=ROUTE, method="POST", content_type="application/json",
                             input_stream=io.BytesIO(raw)).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    return environ


def test_a_chunked_body_over_the_limit_is_413_even_when_its_start_is_valid_json(app, client):
    """Before, the body was cut at the limit and the cut part processed: a valid request padded past the limit
    with whitespace was answered 200."""
    raw = json.dumps(body_for(app, render_key(app), ["?lang=fr"])).encode() + b" " * LIMIT
    response = client.open(chunked_environ(raw))
    assert response.status_code == 413 and response.is_json


def test_a_chunked_body_under_the_limit_is_processed(app, client):
    raw = json.dumps(body_for(app, render_key(app), ["?lang=fr&country=ARG"])).encode()
    response = client.open(chunked_environ(raw))
    assert response.status_code == 200 and "Programa Siria" in response.get_data(as_text=True)


@pytest.mark.parametrize("clicks", ["1", [1], {"n": 1}, 1.5, True, "x" * 1000],
                         ids=["string", "list", "dict", "float", "bool", "long-string"])
def test_a_wrongly_typed_n_clicks_on_the_table_toggle_is_no_error(app, client, caplog, clicks):
    """Was a TypeError in the callback, written at ERROR with a 3 KB traceback per request."""
    key = callback_key(app, "table-toggle", "n_clicks")
    callback = app.callback_map[key]
    values = [clicks if item["id"] == "table-toggle" else None for item in callback["inputs"]]
    body = body_for(app, key, values)
    body["changedPropIds"] = ["table-toggle.n_clicks"]
    with caplog.at_level(logging.DEBUG):
        response = post(client, body)
    assert_clean(response)
    assert response.status_code == 200, response.data
    assert response.json["response"]["table-details"]["hidden"] is True  # not a click: the table stays closed
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
