"""The Dash application: data loaded and validated once, routes for the shapes and health, security headers."""

from __future__ import annotations

import dataclasses
import sys

import flask
from dash import Dash

from dashboard import callbacks, data, i18n
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

    @property
    def geojson_url(self) -> str:
        # The version in the URL lets browsers cache the shapes for good and still see new data at once.
        return f"{self.prefix.rstrip('/')}{GEOJSON_ROUTE}?v={self.current.version}"

    @property
    def topojson_url(self) -> str:
        return f"{self.prefix.rstrip('/')}/assets/topojson/"


class DashboardDash(Dash):
    def interpolate_index(self, **kwargs):
        index = super().interpolate_index(**kwargs)
        lang = i18n.normalize_lang(flask.request.args.get("lang"))
        return index.replace("<html>", f'<html lang="{lang}">', 1)


def create_app(settings: Settings | None = None) -> DashboardDash:
    """Build the app on validated data; raises data.DataError (with every problem) when the data is invalid."""
    settings = settings or from_env()
    dataset = data.load(settings.data_dir)
    app = DashboardDash(
        __name__, title=i18n.t("title", "en"), update_title=None, assets_folder=str(REPO_ROOT / "assets"),
        serve_locally=True, compress=True,
    )
    holder = DataHolder(dataset, app.config.requests_pathname_prefix)
    app.layout = shell()
    app.validation_layout = [shell(), *page(dataset, ViewState(), holder.geojson_url, holder.topojson_url)]
    callbacks.register(app, holder)
    _add_routes(app, holder)
    return app


def _add_routes(app: Dash, holder: DataHolder) -> None:
    server = app.server
    csp = CSP.format(hashes=" ".join(app.csp_hashes()))

    @server.route(GEOJSON_ROUTE)
    def geojson():
        dataset = holder.current
        response = flask.Response(dataset.geometry_bytes, mimetype="application/geo+json")
        response.set_etag(dataset.version)
        response.cache_control.public = True
        response.cache_control.max_age = 31536000
        response.cache_control.immutable = True
        return response.make_conditional(flask.request)

    @server.route("/healthz")
    def healthz():
        dataset = holder.current
        return flask.jsonify(status="ok", data_version=dataset.version, loaded_at=dataset.loaded_at.isoformat(),
                             engagements=len(dataset.engagements), countries=len(dataset.countries))

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
            raise SystemExit(2) from None
        globals()["server"] = app.server
        return app.server
    raise AttributeError(name)
