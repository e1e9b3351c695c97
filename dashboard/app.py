"""The Dash application: data loaded and validated once, routes for the shapes and health, security headers."""

from __future__ import annotations

import copy
import dataclasses
import functools
import os
import sys
from urllib.parse import urlsplit

import brotli
import flask
from dash import Dash, html
from dash._utils import to_json
from dash.development.base_component import Component

from dashboard import auth, callbacks, data, guard, i18n, reload, response_cache, static_files, vendor
from dashboard.components.layout import page, page_class, shell, store_data
from dashboard.settings import REPO_ROOT, Settings, from_env
from dashboard.state import ViewState, parse_query, to_query, vocabulary

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
    # Dash lists dash_table's bundle on every page; nothing here uses a DataTable (the text version is a plain table).
    dropped_scripts: tuple[str, ...] = ("/dash_table/bundle",)

    def interpolate_index(self, **kwargs):
        index = super().interpolate_index(**kwargs)
        lang = i18n.normalize_lang(flask.request.args.get("lang"))
        index = index.replace("<html>", f'<html lang="{lang}">', 1)
        if self.holder is not None:
            # The shapes, and the code of the map, search box and slider, start downloading with the scripts
            # instead of after the page has rendered and asks for them.
            preloads = [f'<link rel="preload" href="{self.holder.geojson_url}" as="fetch" crossorigin="anonymous">',
                        *(f'<link rel="preload" href="{url}" as="script">' for url in static_files.chunk_urls(self))]
            index = index.replace("</head>", "".join(f"    {p}\n" for p in preloads) + "    </head>", 1)
        return index

    def serve_layout(self):
        """The first layout with the page already in it, for the address that asked: the map starts drawing
        without waiting for the page's callback. The address comes from the Referer (same origin, sent whole under
        our Referrer-Policy); without one, the page is left to the URL's callback, as it always can be."""
        if self.holder is None:
            return super().serve_layout()
        search = self.referring_search()
        holder = self.holder
        if search is None:
            body = to_json(shell()).encode()
        else:
            state = parse_query(vocabulary(holder.current), search)
            key = to_query(state).encode()
            found = self.layouts.get((holder.current,), key)
            if found is None:
                found = (200, to_json(first_layout(holder, state)).encode(), {})
                self.layouts.put((holder.current,), key, *found)
            body = found[1]
        response = flask.Response(body, mimetype="application/json")
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


def first_layout(holder: "DataHolder", state: ViewState) -> html.Div:
    return shell(page(holder.current, state, holder.geojson_url, holder.topojson_url), page_class(state),
                 store_data(state, "url"))


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
    app.layouts = response_cache.ResponseCache(max_entries=64)  # first layouts (90 KB) by view, for the data served
    app.layout = shell()
    app.validation_layout = id_skeleton([shell(), *page(dataset, ViewState(), holder.geojson_url,
                                                          holder.topojson_url)])
    callbacks.register(app, holder)
    _add_routes(app, holder)
    brotli_geometry(dataset)  # before gunicorn forks its workers, so they share it
    # What scripts/install-vendor.sh installed: the geo-only plotly.js, and regenerator-runtime for Dash's polyfill.
    vendor.install_plotly(app)
    if vendor.install_regenerator(app):
        app.dropped_scripts = (*app.dropped_scripts, vendor.POLYFILL_SCRIPT)
    static_files.install(app)
    # Assets: without a max-age every visit fetches style.css, app.js and the topojson again in full (flask-compress
    # breaks their 304s). CSS and JS URLs carry the file's mtime (?m=); the topojson, fixed empty layers, does not.
    app.server.config["SEND_FILE_MAX_AGE_DEFAULT"] = 86400
    # Order matters: the sign-in check runs first, then the request checks, then the data-file check, then the cache.
    auth.install(app, settings)
    guard.install(app, settings)
    reload.install(app, holder, settings)
    app.server.response_cache = response_cache.install(app, holder, settings.response_cache)
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
