"""Every use of Dash's and plotly's internals, in one place: what the rest of the code may rely on, and nothing more.

Verified against the versions below (pinned in requirements.txt). Each assumption has its own contract test in
tests/unit/test_dash_compat.py, run against the installed Dash, so an upgrade that breaks one fails there, with a
message naming the assumption, rather than late and far from its cause:

1. the private helpers `dash._utils.to_json` (Dash's JSON encoder) and `stringify_id` (how the renderer names an id);
2. `Dash.serve_layout` answers `/_dash-layout` (overridden: the first layout brings the page for the Referer's view),
   and the renderer fetches it and `/_dash-dependencies` with credentials "same-origin" first thing (preloaded);
3. `Dash._generate_scripts_html` lists the page's scripts one `<script>` per line (overridden: some are dropped);
4. a component-suite URL (`_dash-component-suites/<package>/<path>`) serves the file at that path in the package's
   folder, its fingerprint removed (suite_file: the set-up compresses those files), dcc's async chunks have the
   names in ASYNC_CHUNKS, and dcc loads Dash's own plotly.js, when the page has none, from PLOTLY_JS under that
   route;
5. a callback request to `_dash-update-component` has the shape the renderer sends (checked by
   dashboard.server.guard), and `app.callback_map` holds `inputs`, `state`, `callback` (the Python function) and
   `no_output` per output key, a pattern's id as sorted JSON with its wildcards as lists (server_callback);
6. flask-compress's after_request is registered by Dash's constructor, before any of ours, so ours see an answer
   before it is compressed;
7. the names the page's own scripts rely on exist in the installed bundles: `_dashprivate_pushstate` (assets/app.js,
   dcc.Location), `set_props` (assets/app.js and assets/ahead.js, `window.dash_clientside.set_props`, dash-renderer)
   and the class names `dash-checklist`, `dash-radioitems`, `dash-dropdown`, `dash-dropdown-focus-target`
   (assets/a11y.js) and `dash-dropdown-option` (assets/ahead.js);
8. a callback with several outputs answers `{"multi": true, "response": {id: {property: value}}}`, in the order of
   its outputs, leaving out no_update, encoded with `to_json` (callback_answer: dashboard.server.ahead answers a
   pick ahead in those very bytes, and the page applies each `{property: value}` with `set_props`).

Two behaviours of the renderer that the callbacks' shape relies on (one request per user action) are not names a
test can find in a bundle; they were measured on Dash 4.4.1 and are checked in the page by
tests/browser/test_requests.py, and the shape itself by tests/unit/test_view_callback.py: when a callback renders
new children, Dash calls every other callback with an input among them, `prevent_initial_call` or not, unless all
of its outputs are among them too; and it does not call the callback that rendered them.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import sys
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import flask
from dash import Dash
from dash import _utils
from dash._no_update import NoUpdate
from dash.fingerprint import check_fingerprint

DASH_VERSION = "4.4.1"
PLOTLY_JS_VERSION = "4.1.1"

COMPONENT_SUITES = "_dash-component-suites/"
CALLBACK_ROUTE = "_dash-update-component"
LAYOUT_ROUTE = "_dash-layout"
DEPENDENCIES_ROUTE = "_dash-dependencies"
# dcc loads a component's code when one first renders; these are the chunks of the components on this page (the map,
# the search box, the years slider). The page preloads them with its scripts, and the set-up compresses them.
ASYNC_CHUNKS = ("dcc/async-graph.js", "dcc/async-dropdown.js", "dcc/async-slider.js")
# Where dcc.Graph fetches Dash's own plotly.js when `window.Plotly` is not defined (Dash._setup_plotlyjs lists it in
# dcc's scripts as an eager async resource of the `plotly` package, without a fingerprint).
PLOTLY_JS = "plotly/package_data/plotly.min.js"
# Scripts Dash lists on every page that this page does without: dash_table's bundle (the text version is a plain
# table), and Dash's polyfill (@babel/polyfill: core-js 2 and regenerator-runtime) when regenerator-runtime replaces
# it: the polyfill rewraps built-ins that every browser Dash 4 supports has natively, and of it Dash's scripts use only
# the `regeneratorRuntime` global (dcc's asyncDecorator, dash-renderer); see dashboard.server.vendor.
DASH_TABLE_SCRIPT = "/dash_table/bundle"
POLYFILL_SCRIPT = "/deps/polyfill@"
# Names that assets/app.js and assets/a11y.js use, by the bundle (under dash's package) that must define them.
CLIENT_NAMES = {
    "_dashprivate_pushstate": "dcc/dash_core_components.js",
    "set_props": "dash-renderer/build/dash_renderer.min.js",
    "dash-checklist": "dcc/dash_core_components.js",
    "dash-radioitems": "dcc/dash_core_components.js",
    "dash-dropdown": "dcc/async-dropdown.js",
    "dash-dropdown-focus-target": "dcc/async-dropdown.js",
    "dash-dropdown-option": "dcc/async-dropdown.js",
}

# Dash's default page, with the scripts in a plain <div> rather than a second <footer> landmark (axe).
INDEX = """<!DOCTYPE html>
<html>
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


def to_json(value: object) -> str:
    """Dash's own JSON encoding of components and figures, as its layout and callback answers use."""
    return _utils.to_json(value)


def stringify_id(component_id: object) -> str:
    """How the renderer writes an id in output keys and changedPropIds (a pattern id as sorted JSON)."""
    return _utils.stringify_id(component_id)


def callback_answer(outputs: list[tuple[object, str, object]]) -> str:
    """The body of Dash's answer to a callback with several outputs, for (id, property, value) in the callback's
    order, values that are no_update left out, as Dash's callback route sends it."""
    response: dict = {}
    for component_id, prop, value in outputs:
        if not NoUpdate.is_no_update(value):
            response.setdefault(stringify_id(component_id), {})[prop] = value
    return to_json({"multi": True, "response": response})


class DashboardDash(Dash):
    """Dash with three overrides: the page's `<html lang>`, `<title>` (`title_for`) and preloads, the first layout
    for the address that asked (`layout_for`), and scripts left out of the page (`dropped_scripts`)."""

    # search string ("?lang=fr...") or None (no usable Referer) -> the first layout's JSON bytes; None: Dash's own
    layout_for: Callable[[str | None], bytes] | None = None
    preloads: Callable[[], list[str]] | None = None  # <link rel=preload> tags for the page's head
    title_for: Callable[[str], str] | None = None  # language ("en"/"fr") -> the page's <title>, as plain text
    dash_plotly_js: bool = False  # the page loads Dash's own plotly.js (the geo bundle is not installed)
    dropped_scripts: tuple[str, ...] = (DASH_TABLE_SCRIPT,)

    def interpolate_index(self, **kwargs):
        lang = "fr" if flask.request.args.get("lang") == "fr" else "en"
        if self.title_for is not None:
            kwargs["title"] = html.escape(self.title_for(lang), quote=False)  # Dash puts its title in unescaped
        index = super().interpolate_index(**kwargs)
        index = index.replace("<html>", f'<html lang="{lang}">', 1)
        if self.preloads is not None:
            index = index.replace("</head>", "".join(f"    {p}\n" for p in self.preloads()) + "    </head>", 1)
        return index

    def serve_layout(self):
        """The first layout with the page already in it, for the address that asked: the map starts drawing
        without waiting for the page's callback. The address comes from the Referer (same origin, sent whole under
        our Referrer-Policy); without one, the page is left to the URL's callback, as it always can be."""
        if self.layout_for is None:
            return super().serve_layout()
        response = flask.Response(self.layout_for(self.referring_search()), mimetype="application/json")
        response.cache_control.no_cache = True
        response.vary.add("Referer")
        return response

    def referring_search(self) -> str | None:
        referrer = flask.request.referrer
        if not referrer:
            return None
        parts = urlsplit(referrer)
        if parts.netloc != flask.request.host or parts.path != self.config.requests_pathname_prefix:
            return None
        return "?" + parts.query if parts.query else ""

    def _generate_scripts_html(self) -> str:
        scripts = super()._generate_scripts_html()
        return "\n".join(line for line in scripts.split("\n")
                         if not any(dropped in line for dropped in self.dropped_scripts))


def page_script_urls(app: Dash) -> list[str]:
    """The src of every script tag the page lists, in order."""
    with app.server.test_request_context("/"):
        scripts = app._generate_scripts_html()
    return re.findall(r'src="([^"]+)"', scripts)


def chunk_urls(app: Dash) -> list[str]:
    prefix = app.config.requests_pathname_prefix
    return [f"{prefix}{COMPONENT_SUITES}dash/{chunk}" for chunk in ASYNC_CHUNKS]


def renderer_fetches(app: Dash) -> list[str]:
    """What Dash's renderer fetches as soon as it starts, before it can render anything: the layout and the
    callbacks (same origin, credentials included, as a preload with crossorigin="anonymous" asks)."""
    prefix = app.config.requests_pathname_prefix
    return [f"{prefix}{LAYOUT_ROUTE}", f"{prefix}{DEPENDENCIES_ROUTE}"]


def plotly_js_url(app: Dash) -> str:
    return f"{app.config.requests_pathname_prefix}{COMPONENT_SUITES}{PLOTLY_JS}"


def suite_path(app: Dash, url: str) -> tuple[str, str] | None:
    """(package, path) of a component-suite URL of this app, None for any other URL."""
    prefix = app.config.requests_pathname_prefix + COMPONENT_SUITES
    if not url.startswith(prefix):
        return None
    package, _, path = url[len(prefix):].partition("/")
    return package, path


def suite_file(app: Dash, url: str) -> Path | None:
    """The file Dash sends for a component-suite URL of this app, None for any other URL or a package not loaded."""
    found = suite_path(app, url)
    if found is None:
        return None
    package, path = found
    module = sys.modules.get(package)
    if module is None or not getattr(module, "__file__", None):
        return None
    return Path(module.__file__).parent / check_fingerprint(path)[0]


# --- the callbacks as declared -------------------------------------------------------------------------------------

class Wildcard:
    """A pattern id's value that matches any (ALL, MATCH, ALLSMALLER)."""

    def __repr__(self) -> str:
        return "WILDCARD"


WILDCARD = Wildcard()


@dataclasses.dataclass(frozen=True)
class Declared:
    """A server-side callback as declared: its inputs and its state in order, each {"id", "property", "name"}, where
    an id is a string or, for a pattern, a dict whose wildcards are WILDCARD, and "name" is `id.property` as the
    renderer writes it; and whether it has no outputs."""

    inputs: tuple[dict, ...]
    state: tuple[dict, ...]
    no_output: bool


def _declared_id(value: object) -> object:
    if isinstance(value, str) and value.startswith("{"):
        try:
            pattern = json.loads(value)
        except ValueError:
            return value
        if isinstance(pattern, dict):
            return {key: WILDCARD if isinstance(want, list) else want for key, want in pattern.items()}
    return value


def _declared(items: list[dict]) -> tuple[dict, ...]:
    return tuple({"id": _declared_id(item["id"]), "property": item["property"],
                  "name": f"{stringify_id(item['id'])}.{item['property']}"} for item in items)


def server_callback(callback_map: dict, output: str) -> Declared | None:
    """The declared callback for an output key, when the server runs it (clientside ones have no function)."""
    callback = callback_map.get(output)
    if not (isinstance(callback, dict) and callable(callback.get("callback"))):
        return None
    return Declared(_declared(callback.get("inputs", [])), _declared(callback.get("state", [])),
                    bool(callback.get("no_output")))
