"""The download routes for reuse: GET /download/engagements.xlsx and /download/engagements.csv for the view their
query names (the rows the text version shows), and /download/data-package.zip, the whole data set with its data
dictionary. The bodies come from dashboard.core.reuse and dashboard.core.tables; this module only serves them.

- Any query is a view (parse_query keeps what the data knows), so a malformed link gives the default view.
- Answers are attachments named after the view and its language; the package is kept once per data version.
- Ordinary Flask routes: sign-in, the request checks and the security headers apply to them as to every route.
"""

from __future__ import annotations

import flask

from dashboard.core import reuse
from dashboard.core.composition import page_address
from dashboard.core.live import LiveData
from dashboard.core.state import parse_query, vocabulary
from dashboard.core.tables import engagement_table, shown_rows, to_csv
from dashboard.core.text import table_file_name
from dashboard.server.response_cache import ResponseCache

ROUTE = "/download/<name>"
KINDS = ("engagements.xlsx", "engagements.csv", reuse.PACKAGE_FILE)
CACHE_ENTRIES = 32
CACHE_BYTES = 16 * 1024 * 1024


def _attachment(body: bytes, mimetype: str, filename: str) -> flask.Response:
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-cache"
    return response


def install(app, live: LiveData) -> ResponseCache:
    """The download routes on the app's server; returns their cache (for tests)."""
    server = app.server
    prefix = app.config.requests_pathname_prefix
    cache = ResponseCache(CACHE_ENTRIES, CACHE_BYTES)

    @server.route(prefix.rstrip("/") + ROUTE, methods=["GET", "HEAD"], endpoint="download")
    def download(name: str):
        if name not in KINDS:
            flask.abort(404)
        dataset = live.dataset
        if name == reuse.PACKAGE_FILE:
            found = cache.get((dataset,), b"package")
            if found is None:
                found = (200, reuse.data_package(dataset), {})
                cache.put((dataset,), b"package", *found)
            return _attachment(found[1], "application/zip", f"{reuse.PACKAGE_NAME}-data-package.zip")
        view = parse_query(vocabulary(dataset), flask.request.query_string.decode("utf-8", "replace")).replace(
            presenting=False)
        if name == "engagements.csv":
            table = engagement_table(dataset, shown_rows(dataset, view), view.lang)
            # A byte order mark: Excel then reads the file as UTF-8, accents and all.
            body = ("\ufeff" + to_csv(table, view.lang, dataset.status_as_of)).encode("utf-8")
            return _attachment(body, "text/csv", table_file_name(view))  # Flask adds "; charset=utf-8"
        view_url = page_address(flask.request.host_url.rstrip("/") + prefix.rstrip("/"), view)
        body = reuse.spreadsheet(dataset, view, view_url)
        return _attachment(body, reuse.XLSX_TYPE, reuse.spreadsheet_name(view))

    return cache
