"""create_app: the Dash app on validated data, wired to its routes, request checks, sign-in, cache and reload."""

from __future__ import annotations

import hashlib
import html
import json
import os
import sys

import flask
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.core import i18n, load
from dashboard.core.briefing import address, read_address
from dashboard.core.live import LiveData
from dashboard.core.state import parse_query, to_query, vocabulary
from dashboard.core.views import DEFAULT_ZOOM
from dashboard.server import (ahead, auth, compression, dash_compat, downloads, exports, guard, reload,
                              response_cache, vendor)
from dashboard.server.dash_compat import DashboardDash
from dashboard.server.routes import GEOJSON_ROUTE, PACKED_SHAPES_ROUTE, PICTURE_ROUTE, Urls
from dashboard.settings import REPO_ROOT, Settings, from_env
from dashboard.ui import callbacks, ids, picture
from dashboard.ui.components.layout import first_layout, shell, validation_layout

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
FIRST_LAYOUTS = 64  # first layouts kept per worker, by view, for the data served


CONTRACT_META = "dashboard-contract"  # the meta tag assets/app.js and assets/projector.js read ui/ids.CONTRACT from


def create_app(settings: Settings | None = None) -> DashboardDash:
    """Build the app on validated data; raises DataError (with every problem) when the data is invalid."""
    settings = settings or from_env()
    dataset = load.load(settings.data_dir)
    app = DashboardDash(
        __name__, title=i18n.t("title", "en"), update_title=None, assets_folder=str(REPO_ROOT / "assets"),
        serve_locally=True, compress=True, index_string=dash_compat.INDEX,
        meta_tags=[{"name": CONTRACT_META, "content": json.dumps(ids.CONTRACT, separators=(",", ":"))}],
    )
    live = LiveData(dataset)
    app.live = live
    app.urls = Urls(live, app.config.requests_pathname_prefix)
    app.layout = shell()
    app.validation_layout = validation_layout(live, app.urls)
    callbacks.register(app, live, app.urls)
    app.first_layouts = response_cache.ResponseCache(max_entries=FIRST_LAYOUTS)
    app.pictures = response_cache.ResponseCache(max_entries=FIRST_LAYOUTS)  # map pictures by view, compressed as sent
    app.layout_for = lambda search: first_layout_json(app, search)
    app.preloads = lambda: preload_links(app)
    app.title_for = lambda lang: i18n.t("title", lang)
    _add_routes(app, live)
    ahead.install(app, live)
    for form in compression.SHAPES_FORMS:  # before gunicorn forks its workers, so they share them
        compression.prepare_geometry(dataset, form)
    picture.country_paths(dataset, DEFAULT_ZOOM)  # the world's shapes for the map's picture, shared the same way
    # What scripts/install-vendor.sh installed: the map's own plotly.js, and regenerator-runtime for Dash's polyfill.
    geo_bundle = vendor.install_plotly(app)
    if vendor.install_regenerator(app):
        app.dropped_scripts = (*app.dropped_scripts, dash_compat.POLYFILL_SCRIPT)
    app.dash_plotly_js = geo_bundle is None  # without the bundle, the page loads Dash's own plotly.js
    compression.install(app)
    # Assets: without a max-age every visit fetches style.css, app.js and the topojson again in full (flask-compress
    # breaks their 304s). CSS and JS URLs carry the file's mtime (?m=); the topojson, fixed empty layers, does not.
    app.server.config["SEND_FILE_MAX_AGE_DEFAULT"] = 86400
    # Every request's Accept-Encoding as werkzeug reads it: a coding refused with q=0 is never sent, by any route.
    app.server.wsgi_app = compression.RefusedCodings(app.server.wsgi_app)
    if settings.proxy_hops > 0:
        # Behind a reverse proxy: the client address (which sign-in limits count by) from its X-Forwarded-For.
        app.server.wsgi_app = ProxyFix(app.server.wsgi_app, x_for=settings.proxy_hops)
    # Order matters: the sign-in check runs first, then the request checks, then the data-file check, then the cache.
    auth.install(app, settings)
    guard.install(app, settings)
    reload.install(app, live, settings)
    app.server.response_cache = response_cache.install(app, live, settings.response_cache)
    app.server.exports = exports.install(app, live, settings)
    app.server.downloads = downloads.install(app, live)
    return app


def first_layout_json(app: DashboardDash, search: str | None) -> bytes:
    """The first layout for the view in `search` (the bare shell when None), built once per view, data version and
    reload status."""
    live = app.live
    if search is None:
        return dash_compat.to_json(shell()).encode()
    state, playing = read_address(vocabulary(live.dataset), search)
    key = address(state, playing).encode() + (b"|" + playing.message.encode() if playing.message else b"")
    generation = (live.dataset, live.reload_error)  # the layout holds the data banner too
    found = app.first_layouts.get(generation, key)
    if found is None:
        found = (200, dash_compat.to_json(first_layout(live, app.urls, state, playing)).encode(), {})
        app.first_layouts.put(generation, key, *found)
    return found[1]


def preload_links(app: DashboardDash) -> list[str]:
    """What the page will ask for once its scripts have run starts downloading with them instead: the first layout
    and the callbacks (Dash's renderer fetches them), the shapes and the empty base map (plotly.js fetches them),
    the map's picture, and the code of the map, search box and slider (and Dash's own plotly.js when the page uses
    it). The shapes come packed when they can: their link names the GeoJSON address they stand for, which
    assets/shapes.js fills in for plotly.js."""
    packed = app.urls.packed_shapes_url
    shapes = (packed, f' data-geojson="{html.escape(app.urls.geojson_url)}"') if packed else (app.urls.geojson_url, "")
    fetched = [*((url, "") for url in dash_compat.renderer_fetches(app)), shapes,
               (f"{app.urls.topojson_url}world_110m.json", "")]
    scripts = [*dash_compat.chunk_urls(app), *([dash_compat.plotly_js_url(app)] if app.dash_plotly_js else [])]
    # The map's picture for the address asked (the page paints it behind the map as soon as it is rendered).
    state, _ = read_address(vocabulary(app.live.dataset), "?" + flask.request.query_string.decode("latin-1"))
    image = html.escape(app.urls.picture_url(state))
    return [*(f'<link rel="preload" href="{url}" as="fetch" crossorigin="anonymous"{more}>' for url, more in fetched),
            f'<link rel="preload" href="{image}" as="image">',
            *(f'<link rel="preload" href="{url}" as="script">' for url in scripts)]


def _add_routes(app: DashboardDash, live: LiveData) -> None:
    server = app.server
    csp = CSP.format(hashes=" ".join(app.csp_hashes()))

    @server.route(GEOJSON_ROUTE, defaults={"form": "geojson"})
    @server.route(PACKED_SHAPES_ROUTE, defaults={"form": "packed"})
    def geojson(form: str):
        dataset = live.dataset
        # Compressed once per version of the shapes (compression.geometry_body), never on a request.
        found = compression.geometry_body(dataset, compression.negotiate(), form)
        if found is None:
            flask.abort(404)  # shapes with no packed form: the page links to the GeoJSON instead
        body, encoding, final = found
        response = compression.encoded(flask.Response(body, mimetype="application/json"), encoding)
        tag = f"{dataset.geometry_version}-{form}-{encoding or 'identity'}"
        if final and flask.request.args.get("v") == dataset.geometry_version:
            return compression.immutable(response, tag)
        # A page from before new shapes, or brotli not ready yet: right for now, not for good.
        response.set_etag(tag)
        response.cache_control.max_age = 60
        return response.make_conditional(flask.request)

    @server.route(PICTURE_ROUTE)
    def map_picture():
        dataset = live.dataset
        state = picture.drawn_view(parse_query(vocabulary(dataset), "?" + flask.request.query_string.decode("latin-1")))
        encoding = compression.negotiate()
        key = f"{to_query(state)}|{encoding}".encode()
        found = app.pictures.get((dataset,), key)
        if found is None:
            body = picture.picture_svg(dataset, state)
            if encoding:
                body = compression.compress(body, encoding, "picture")
            found = (200, body, {})
            app.pictures.put((dataset,), key, *found)
        response = compression.encoded(flask.Response(found[1], mimetype="image/svg+xml"), encoding)
        if flask.request.args.get("v") == dataset.version:
            return compression.immutable(response, f"{dataset.version}-{hashlib.sha256(key).hexdigest()[:12]}")
        response.cache_control.max_age = 60  # a page from before a reload: today's map, not for good
        return response

    @server.route("/healthz")
    def healthz():
        # Open to all (load balancers): what one needs, and no more. A refused file's problems quote its cells, which
        # may be anything (a draft figure, an address), so they go to a signed-in user only, and to the server's log.
        dataset, failure = live.dataset, live.reload_error
        answer = {"status": "ok", "data_version": dataset.version, "reload_refused": failure is not None}
        if auth.signed_in(server):
            answer.update(worker=os.getpid(), loaded_at=dataset.loaded_at.isoformat(),
                          engagements=len(dataset.engagements), countries=len(dataset.countries),
                          reload_error=failure.to_json() if failure else None)
        response = flask.jsonify(answer)
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Authorization")
        return response

    @server.after_request
    def security_headers(response: flask.Response) -> flask.Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", csp)
        return response


def server_from_env() -> flask.Flask:
    """The WSGI application for `gunicorn dashboard.app:server`, from the environment's settings."""
    try:
        app = create_app()
    except load.DataError as err:
        print(f"The dashboard cannot start: the data has {len(err.problems)} problem(s):", file=sys.stderr)
        print(str(err), file=sys.stderr)
        # 3 is gunicorn's "worker failed to boot": it stops, instead of restarting workers forever.
        raise SystemExit(3) from None
    return app.server
