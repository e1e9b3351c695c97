"""Contract tests for dashboard.server.dash_compat: each of the assumptions its docstring numbers, checked against the
installed Dash (not mocks), one test each, so that an upgrade that breaks one fails here with a message naming it.

Most checks use a small throwaway Dash app built here (a fraction of a second); the page's script list is also checked
on the real dashboard (the session's `app`). The file checks (async chunks, names in bundles) take the dash package
directory as a parameter, so they can be pointed at a broken copy (see /work/notes/compat-failure.txt)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import dash
import flask
import flask_compress
import plotly.offline
import pytest
from dash import ALL, Dash, Input, Output, State, dcc, html

from dashboard.core.state import ViewState
from dashboard.server import dash_compat
from dashboard.server.dash_compat import (CALLBACK_ROUTE, COMPONENT_SUITES, DASH_TABLE_SCRIPT, DASH_VERSION,
                                          PLOTLY_JS_VERSION, POLYFILL_SCRIPT, WILDCARD, DashboardDash, chunk_urls,
                                          page_script_urls, plotly_js_url, server_callback, stringify_id, suite_file,
                                          suite_path, to_json)
from dashboard.server.guard import Refused, check_callback_body
from dashboard.ui import ids
from dashboard.ui.figures import base_figure

ROOT = Path(__file__).resolve().parents[2]
DASH_DIR = Path(dash.__file__).resolve().parent  # the installed dash package
RENDERER = "dash-renderer/build/dash_renderer.min.js"
MULTI_KEY = "..out-a.children...out-b.children.."


def assumption(number: int, text: str) -> str:
    return f"dash_compat assumption {number}: {text} (Dash {DASH_VERSION} verified)"


def small_app(cls: type[Dash] = Dash, **kwargs) -> Dash:
    """A page with an input, two outputs of one callback (a pattern-matching state among its arguments), and a
    callback without outputs."""
    app = cls(__name__, serve_locally=True, **kwargs)
    app.layout = html.Div([dcc.Input(id="in"), html.Div(id="out-a"), html.Div(id="out-b")])

    @app.callback(Output("out-a", "children"), Output("out-b", "children"), Input("in", "value"),
                  State({"type": "row", "index": ALL}, "value"))
    def both(value, rows):
        return f"a:{value}", f"b:{len(rows)}"

    @app.callback(Input("in", "n_submit"))
    def side_effect(n_submit):
        return None

    return app


def renderer_body() -> dict:
    """The body Dash's renderer sends for `both` (see dash_renderer.min.js: output, outputs, inputs, changedPropIds,
    parsedChangedPropsIds, state), when no row matches the pattern."""
    return {
        "output": MULTI_KEY,
        "outputs": [{"id": "out-a", "property": "children"}, {"id": "out-b", "property": "children"}],
        "inputs": [{"id": "in", "property": "value", "value": "x"}],
        "changedPropIds": ["in.value"],
        "parsedChangedPropsIds": ["in.value"],
        "state": [[]],
    }


def token(name: str) -> re.Pattern:
    """`name` as a whole name: "dash-dropdown" is not found in "dash-dropdown-focus-target"."""
    return re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")


# --- checks that take the dash package directory, so that they can be run against a broken copy ----------------------

def package(dash_dir: Path) -> str:
    return f"the installed dash package ({dash_dir})" if dash_dir == DASH_DIR else f"the dash package at {dash_dir}"


def check_async_chunks(dash_dir: Path) -> None:
    for chunk in dash_compat.ASYNC_CHUNKS:
        found = (dash_dir / chunk).is_file()
        assert found, assumption(4, f"dcc's async chunk {chunk!r} is missing from {package(dash_dir)}")


def check_client_names(dash_dir: Path) -> None:
    for name, bundle in dash_compat.CLIENT_NAMES.items():
        path = dash_dir / bundle
        assert path.is_file(), assumption(
            7, f"the bundle {bundle!r}, which should define {name!r}, is missing from {package(dash_dir)}")
        found = token(name).search(path.read_text(encoding="utf-8", errors="replace")) is not None
        assert found, assumption(
            7, f"{name!r}, used by assets/app.js or assets/a11y.js, is no longer in {bundle!r} of {package(dash_dir)}")


# --- the versions --------------------------------------------------------------------------------------------------

def test_installed_dash_is_the_verified_version():
    assert dash.__version__ == DASH_VERSION, (
        f"dash_compat was verified against Dash {DASH_VERSION} but Dash {dash.__version__} is installed: run this "
        f"file, check each assumption in dashboard/server/dash_compat.py, then update DASH_VERSION and "
        f"requirements.txt")


def test_requirements_pin_the_verified_dash():
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    lines = [line.split("#")[0].strip() for line in text.splitlines()]
    pins = [line for line in lines if re.match(r"dash\s*(==|>=|<=|~=|>|<|!=|$)", line, re.IGNORECASE)]
    assert pins == [f"dash=={DASH_VERSION}"], (
        f"requirements.txt should pin dash=={DASH_VERSION} (the version dash_compat was verified against), "
        f"found {pins}")


def test_installed_plotly_ships_the_verified_plotly_js():
    shipped = plotly.offline.get_plotlyjs_version()
    assert shipped == PLOTLY_JS_VERSION, (
        f"dash_compat.PLOTLY_JS_VERSION is {PLOTLY_JS_VERSION} but the installed plotly ships plotly.js {shipped}")


# --- the assumptions, one test each --------------------------------------------------------------------------------

def test_assumption_1_private_json_helpers():
    utils = importlib.import_module("dash._utils")
    for name in ("to_json", "stringify_id"):
        assert callable(getattr(utils, name, None)), assumption(1, f"dash._utils.{name} is gone")
    assert to_json(html.Div("hi", id="x")) == (
        '{"props":{"children":"hi","id":"x"},"type":"Div","namespace":"dash_html_components"}'), assumption(
        1, "dash._utils.to_json no longer writes a component as {props, type, namespace} without spaces")
    assert to_json({"z": [1, 2], "name": "engaged"}) == '{"z":[1,2],"name":"engaged"}', assumption(
        1, "dash._utils.to_json no longer writes plain figure JSON compactly, in order")
    assert stringify_id({"type": "row", "index": 1}) == '{"index":1,"type":"row"}', assumption(
        1, "dash._utils.stringify_id no longer writes a dict id as sorted JSON without spaces, as the renderer does")
    assert stringify_id("map-graph") == "map-graph", assumption(1, "dash._utils.stringify_id changes a string id")


def test_assumption_2_serve_layout_answers_the_layout_route():
    assert callable(getattr(Dash, "serve_layout", None)), assumption(2, "Dash.serve_layout is gone")

    class Probe(Dash):
        def serve_layout(self):
            return flask.Response('{"probe": true}', mimetype="application/json")

    app = Probe(__name__)
    app.layout = html.Div(id="plain")
    response = app.server.test_client().get("/_dash-layout")
    assert response.status_code == 200 and response.get_json() == {"probe": True}, assumption(
        2, f"GET /_dash-layout no longer calls the app's serve_layout (a subclass's override was not used: "
           f"{response.status_code} {response.data[:100]!r})")


def test_assumption_2_the_renderer_fetches_the_layout_and_the_callbacks_first_as_preloaded():
    renderer = (DASH_DIR / RENDERER).read_text(encoding="utf-8")
    for route in (dash_compat.LAYOUT_ROUTE, dash_compat.DEPENDENCIES_ROUTE):
        assert re.search(r'\("' + route + r'","GET","\w+Request"\)', renderer), assumption(
            2, f"the renderer ({RENDERER}) no longer fetches {route} with GET when it starts")
    assert 'credentials:"same-origin"' in renderer, assumption(
        2, "the renderer's fetches no longer send credentials 'same-origin' (the preloads would not be used)")
    app = small_app()
    assert dash_compat.renderer_fetches(app) == ["/_dash-layout", "/_dash-dependencies"]


def test_assumption_3_scripts_html_one_script_per_line(app):
    assert callable(getattr(Dash, "_generate_scripts_html", None)), assumption(3, "Dash._generate_scripts_html is gone")
    plain = small_app()
    with plain.server.test_request_context("/"):
        scripts = plain._generate_scripts_html()
    lines = [line for line in scripts.split("\n") if line.strip()]
    bad = [line for line in lines if not re.fullmatch(r'\s*<script src="[^"]+"></script>\s*', line)]
    assert lines and not bad and scripts.count("<script") == len(lines), assumption(
        3, f"Dash._generate_scripts_html no longer lists one <script src> per line: {bad[:3] or scripts[:200]!r}")

    urls = page_script_urls(plain)
    for needed in ("/dash-renderer/build/dash_renderer", "/deps/react@", "/deps/react-dom@",
                   "/dcc/dash_core_components."):
        assert any(needed in url for url in urls), assumption(3, f"no script of the page matches {needed!r}: {urls}")
    for dropped in (DASH_TABLE_SCRIPT, POLYFILL_SCRIPT):
        matches = [url for url in urls if dropped in url]
        assert len(matches) == 1, assumption(
            3, f"{dropped!r} (a script the page drops) should match exactly one script Dash lists for a plain "
               f"Dash(__name__, serve_locally=True) app, matches {matches}")

    ours = small_app(DashboardDash)
    ours.dropped_scripts = (DASH_TABLE_SCRIPT, POLYFILL_SCRIPT)
    kept = [url for url in urls if DASH_TABLE_SCRIPT not in url and POLYFILL_SCRIPT not in url]
    assert page_script_urls(ours) == kept, assumption(
        3, "dropping scripts by line no longer removes exactly the dropped ones from the page")

    page = page_script_urls(app)  # the real dashboard
    for needed in ("/dash-renderer/build/dash_renderer", "/deps/react@", "/dcc/dash_core_components."):
        assert any(needed in url for url in page), assumption(3, f"the dashboard's page lists no {needed!r}: {page}")
    assert not any(DASH_TABLE_SCRIPT in url for url in page), assumption(
        3, f"the dashboard's page still lists dash_table's bundle: {page}")


def test_assumption_4_a_component_suite_url_serves_its_file_and_the_async_chunks_exist():
    app = small_app()
    rules = [rule.rule for rule in app.server.url_map.iter_rules() if COMPONENT_SUITES in rule.rule]
    assert len(rules) == 1, assumption(4, f"expected exactly one Flask rule under {COMPONENT_SUITES}, found {rules}")
    check_async_chunks(DASH_DIR)
    client = app.server.test_client()
    urls = page_script_urls(app) + chunk_urls(app)
    assert any(re.search(r"\.v[\w-]+m\d+\.", url) for url in urls)  # fingerprinted URLs among them
    for url in urls:
        found = suite_file(app, url)
        assert found is not None and found.is_file(), assumption(4, f"no file in its package for {url}: {found}")
        response = client.get(url, headers={"Accept-Encoding": "identity"})
        assert response.status_code == 200 and response.data == found.read_bytes(), assumption(
            4, f"Dash does not send {found} for {url} ({response.status_code}, {len(response.data)} bytes)")
    assert suite_file(app, "/assets/app.js") is None
    assert suite_file(app, f"/{COMPONENT_SUITES}no_such_package/x.js") is None


def test_assumption_4_dash_serves_its_own_plotly_js_where_dcc_looks_for_it():
    app = small_app()
    listed = [entry for entry in dcc._js_dist if entry.get("namespace") == "plotly"]
    # Each Dash() appends the entry again: the same one, once per app built in this process.
    assert {(e.get("relative_package_path"), e.get("async")) for e in listed} == {
        ("package_data/plotly.min.js", "eager")}, assumption(4, f"dcc lists Dash's plotly.js differently: {listed}")
    url = plotly_js_url(app)
    assert suite_path(app, url) == ("plotly", "package_data/plotly.min.js"), assumption(
        4, f"{url} is not a component-suite URL of the plotly package")
    response = app.server.test_client().get(url, headers={"Accept-Encoding": "identity"})
    shipped = Path(plotly.offline.__file__).resolve().parents[1] / "package_data" / "plotly.min.js"
    assert response.status_code == 200 and response.data == shipped.read_bytes(), assumption(
        4, f"Dash does not serve its plotly.js at {url} ({response.status_code})")
    assert suite_file(app, url).resolve() == shipped, assumption(4, f"{url} is not the file {shipped}")


def test_assumption_5_callback_request_shape_and_callback_map():
    renderer = (DASH_DIR / RENDERER).read_text(encoding="utf-8")
    keys = ("output", "outputs", "inputs", "changedPropIds", "parsedChangedPropsIds", "state")
    assert re.search(r"[^{}]{0,200}?".join(f"\\b{key}:" for key in keys), renderer), assumption(
        5, f"the renderer ({RENDERER}) no longer builds a callback body of {', '.join(keys)}")
    assert CALLBACK_ROUTE in renderer, assumption(5, f"the renderer no longer posts to {CALLBACK_ROUTE}")

    app = small_app()
    rules = {rule.rule for rule in app.server.url_map.iter_rules()}
    assert f"/{CALLBACK_ROUTE}" in rules, assumption(5, f"no /{CALLBACK_ROUTE} rule")
    callback_map = app.callback_map
    assert MULTI_KEY in callback_map, assumption(
        5, f"app.callback_map no longer keys two outputs as {MULTI_KEY!r}: {list(callback_map)}")
    for key, entry in callback_map.items():
        missing = [name for name in ("inputs", "state", "callback", "no_output") if name not in entry]
        assert not missing and callable(entry["callback"]), assumption(
            5, f"app.callback_map[{key!r}] lacks {missing or ['a callable callback']}")
    entry = callback_map[MULTI_KEY]
    assert entry["inputs"] == [{"id": "in", "property": "value"}] and entry["no_output"] is False, assumption(
        5, f"app.callback_map's inputs or no_output changed shape: {entry['inputs']}, {entry['no_output']}")
    assert entry["state"] == [{"id": stringify_id({"type": "row", "index": ["ALL"]}), "property": "value"}], assumption(
        5, f"app.callback_map's pattern-matching state changed shape: {entry['state']}")
    no_output = [key for key, entry in callback_map.items() if entry["no_output"]]
    assert len(no_output) == 1, assumption(5, "a callback without outputs is not marked no_output in app.callback_map")
    declared = server_callback(callback_map, MULTI_KEY)
    assert declared.inputs == ({"id": "in", "property": "value", "name": "in.value"},)
    assert declared.state == ({"id": {"index": WILDCARD, "type": "row"}, "property": "value",
                               "name": '{"index":["ALL"],"type":"row"}.value'},) and not declared.no_output
    assert server_callback(callback_map, no_output[0]).no_output
    assert server_callback(callback_map, "nope.children") is None

    body = renderer_body()
    check_callback_body(body, callback_map)  # raises Refused if our check rejects the renderer's shape
    response = app.server.test_client().post(f"/{CALLBACK_ROUTE}", json=body)
    assert response.status_code == 200, assumption(
        5, f"Dash refuses a renderer-style callback body: {response.status_code} {response.data[:200]!r}")
    answer = response.get_json()["response"]
    assert answer == {"out-a": {"children": "a:x"}, "out-b": {"children": "b:0"}}, assumption(
        5, f"Dash's answer to a renderer-style body changed: {answer}")
    without_inputs = {key: value for key, value in body.items() if key != "inputs"}
    with pytest.raises(Refused) as refused:
        check_callback_body(without_inputs, callback_map)
    assert refused.value.status == 400 and "inputs" in refused.value.message


def test_assumption_6_compress_after_request_runs_last():
    app = small_app(compress=True)
    server = app.server
    seen = []

    @server.after_request
    def ours(response):
        seen.append(response.headers.get("Content-Encoding"))
        return response

    funcs = list(server.after_request_funcs[None])
    compress = [i for i, func in enumerate(funcs)
                if isinstance(getattr(func, "__self__", None), flask_compress.Compress)]
    assert len(compress) == 1 and compress[0] < funcs.index(ours), assumption(
        6, f"flask-compress's after_request is not registered by Dash's constructor before ours: {funcs}")
    response = server.test_client().get(chunk_urls(app)[0], headers={"Accept-Encoding": "gzip"})
    assert seen == [None] and response.headers.get("Content-Encoding") == "gzip", assumption(
        6, f"our after_request should see the answer before flask-compress encodes it: saw {seen}, "
           f"sent {response.headers.get('Content-Encoding')}")


def test_assumption_7_client_names_in_the_installed_bundles():
    check_client_names(DASH_DIR)


def test_assumption_8_a_callback_answer_with_several_outputs():
    app = Dash(__name__, serve_locally=True)
    app.layout = html.Div([dcc.Input(id="in"), html.Div(id="out-a"), html.Div(id="out-b"), dcc.Store(id="out-c")])
    value_a = [html.B("a", className="b"), " <tail> ", dcc.Link("l", href="?x=1")]
    value_c = {"patched": dash.Patch(), "n": 1.5, "text": "é \u2028"}
    value_c["patched"]["x"] = 1

    @app.callback(output={"a": Output("out-a", "children"), "b": Output("out-b", "children"),
                          "c": Output("out-c", "data")}, inputs={"value": Input("in", "value")})
    def several(value):
        return {"a": value_a, "b": dash.no_update, "c": value_c}

    body = {"output": "..out-a.children...out-b.children...out-c.data..",
            "outputs": [{"id": "out-a", "property": "children"}, {"id": "out-b", "property": "children"},
                        {"id": "out-c", "property": "data"}],
            "inputs": [{"id": "in", "property": "value", "value": "x"}], "changedPropIds": ["in.value"]}
    response = app.server.test_client().post(f"/{CALLBACK_ROUTE}", json=body)
    assert response.status_code == 200, response.data[:300]
    ours = dash_compat.callback_answer([("out-a", "children", value_a), ("out-b", "children", dash.no_update),
                                        ("out-c", "data", value_c)])
    assert response.get_data(as_text=True) == ours, assumption(
        8, f"Dash's answer to a callback with several outputs is no longer callback_answer's: "
           f"{response.data[:300]!r} against {ours[:300]!r}")


# --- our own figure, which assets/projector.js reads ---------------------------------------------------------------------

def test_the_map_has_the_traces_that_projector_js_finds_by_name(dataset):
    figure = base_figure(dataset, "/_geo/shapes.json", ViewState())
    names = [trace.get("name") for trace in figure["data"]]
    script = (ROOT / "assets" / "projector.js").read_text(encoding="utf-8")
    assert "trace.name === name" in script  # found by name, never by position
    for name in ("engaged", *ids.CONTRACT["categories"]):
        assert names.count(name) == 1, (
            f"assets/projector.js finds the map's layers by name ({name!r}); the map's traces are {names}")
    assert '"engaged"' in script and "CONTRACT.categories" in script  # the categories' traces, from the page


def test_the_map_has_the_traces_that_app_js_outlines_by_name(dataset):
    figure = base_figure(dataset, "/_geo/shapes.json", ViewState(country="ARG"))
    (selected,) = [trace for trace in figure["data"] if trace.get("name") == "selected"]
    assert selected["type"] == "choropleth" and selected["locations"] == ["ARG"] and selected["z"] == [1]
    assert selected["visible"] is False and set(selected["marker"]["line"]) == {"color", "width"}  # app.js draws it
    assert [trace["name"] for trace in figure["data"]].index("base") == 0  # the first choropleth layer drawn
    script = (ROOT / "assets" / "app.js").read_text(encoding="utf-8")
    assert 'traceIndex(graph, "selected")' in script and 'traceIndex(graph, "base")' in script
