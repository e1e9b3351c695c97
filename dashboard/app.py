"""The Dash application: data loaded and validated once, routes for the shapes and health, security headers."""

from __future__ import annotations

import copy
import dataclasses
import functools
import os
import sys

import brotli
import flask
from dash import Dash, html
from dash.development.base_component import Component

from dashboard import auth, callbacks, data, guard, i18n, plotly_bundle, reload
from dashboard.components.layout import page, shell
from dashboard.settings import REPO_ROOT, Settings, from_env
from dashboard.state import ViewState

GEOJSON_ROUTE = "/data/countries.geojson"
# Dash's renderer needs no eval; plotly's SVG map injects <style> elements, hence the inline styles.
CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}


@dataclasses.dataclass
class DataHolder:
    """The data set every callback reads; swapped whole, never edited, so a request sees one version."""

    current: data.Dataset
    prefix: str = "/"
    reload_error: reload.ReloadFailure | None = None  # why the newest data files were refused, if they were

    @property
    def geojson_url(self) -> str:
        # The version in the URL lets browsers cache the shapes for good and still see new data at once.
        return f"{self.prefix.rstrip('/')}{GEOJSON_ROUTE}?v={self.current.version}"

    @property
    def topojson_url(self) -> str:
        return f"{self.prefix.rstrip('/')}/assets/topojson/"


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


class DashboardDash(Dash):
    holder: "DataHolder | None" = None

    def interpolate_index(self, **kwargs):
        index = super().interpolate_index(**kwargs)
        lang = i18n.normalize_lang(flask.request.args.get("lang"))
        index = index.replace("<html>", f'<html lang="{lang}">', 1)
        if self.holder is not None:
            # The shapes start downloading with the scripts instead of after the first callback asks for the map.
            preload = f'<link rel="preload" href="{self.holder.geojson_url}" as="fetch" crossorigin="anonymous">'
            index = index.replace("</head>", f"    {preload}\n    </head>", 1)
        return index

    def _generate_scripts_html(self) -> str:
        # Dash lists dash_table's bundle on every page; nothing here uses a DataTable (the text version is a plain
        # table), so the page does not load it.
        scripts = super()._generate_scripts_html()
        return "\n".join(line for line in scripts.split("\n") if "/dash_table/bundle" not in line)


def id_skeleton(tree: list) -> html.Div:
    """Every component with an id, with no other props: Dash checks callbacks against it, and it travels in every
    page's config, so the full page (figure, overview text) would cost ~90 KB per load for nothing."""
    found = []

    def walk(node: object) -> None:
        if isinstance(node, (list, tuple)):
            for child in node:
                walk(child)
        elif isinstance(node, Component):
            if getattr(node, "id", None) is not None:
                try:
                    found.append(type(node)(id=node.id))
                except TypeError:  # a required prop, e.g. dcc.Link's href: keep the component, drop its children
                    bare = copy.copy(node)
                    bare.children = None
                    found.append(bare)
            walk(getattr(node, "children", None))

    walk(tree)
    return html.Div(found)


def create_app(settings: Settings | None = None) -> DashboardDash:
    """Build the app on validated data; raises data.DataError (with every problem) when the data is invalid."""
    settings = settings or from_env()
    dataset = data.load(settings.data_dir)
    app = DashboardDash(
        __name__, title=i18n.t("title", "en"), update_title=None, assets_folder=str(REPO_ROOT / "assets"),
        serve_locally=True, compress=True, index_string=INDEX,
    )
    holder = DataHolder(dataset, app.config.requests_pathname_prefix)
    app.holder = holder
    app.layout = shell()
    app.validation_layout = id_skeleton([shell(), *page(dataset, ViewState(), holder.geojson_url,
                                                          holder.topojson_url)])
    callbacks.register(app, holder)
    _add_routes(app, holder)
    brotli_geometry(dataset)  # before gunicorn forks its workers, so they share it
    plotly_bundle.install(app)  # the geo-only plotly.js when scripts/install-plotly-geo.sh installed it
    # Assets: without a max-age every visit fetches style.css, app.js and the topojson again in full (flask-compress
    # breaks their 304s). CSS and JS URLs carry the file's mtime (?m=); the topojson, fixed empty layers, does not.
    app.server.config["SEND_FILE_MAX_AGE_DEFAULT"] = 86400
    # Order matters: the sign-in check runs first, then the request checks, then the data-file check.
    auth.install(app, settings)
    guard.install(app, settings)
    reload.install(app, holder, settings)
    return app


@functools.lru_cache(maxsize=2)
def _brotli(version: str, raw: bytes) -> bytes:
    return brotli.compress(raw, quality=11)


def brotli_geometry(dataset: data.Dataset) -> bytes:
    """The shapes compressed once per data version (0.8 s), then served from memory."""
    return _brotli(dataset.version, dataset.geometry_bytes)


def _add_routes(app: Dash, holder: DataHolder) -> None:
    server = app.server
    csp = CSP.format(hashes=" ".join(app.csp_hashes()))

    @server.route(GEOJSON_ROUTE)
    def geojson():
        dataset = holder.current
        # application/json, not geo+json: flask-compress only compresses the types it lists (545 KB -> ~196 KB).
        # Browsers that take brotli get a copy compressed once at the highest level instead (129 KB).
        if "br" in flask.request.accept_encodings:
            response = flask.Response(brotli_geometry(dataset), mimetype="application/json")
            response.headers["Content-Encoding"] = "br"  # flask-compress leaves encoded responses alone
        else:
            response = flask.Response(dataset.geometry_bytes, mimetype="application/json")
        response.vary.add("Accept-Encoding")
        response.set_etag(dataset.version)
        response.cache_control.public = True
        response.cache_control.max_age = 31536000
        response.cache_control.immutable = True
        return response.make_conditional(flask.request)

    @server.route("/healthz")
    def healthz():
        dataset = holder.current
        return flask.jsonify(status="ok", worker=os.getpid(), data_version=dataset.version,
                             loaded_at=dataset.loaded_at.isoformat(),
                             engagements=len(dataset.engagements), countries=len(dataset.countries),
                             reload_error=holder.reload_error.to_json() if holder.reload_error else None)

    @server.after_request
    def security_headers(response: flask.Response) -> flask.Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", csp)
        return response


def __getattr__(name: str):
    """`dashboard.app:server` for WSGI servers, built on first use from the environment's settings."""
    if name == "server":
        try:
            app = create_app()
        except data.DataError as err:
            print(f"The dashboard cannot start: the data has {len(err.problems)} problem(s):", file=sys.stderr)
            print(str(err), file=sys.stderr)
            # 3 is gunicorn's "worker failed to boot": it stops, instead of restarting workers forever.
            raise SystemExit(3) from None
        globals()["server"] = app.server
        return app.server
    raise AttributeError(name)
