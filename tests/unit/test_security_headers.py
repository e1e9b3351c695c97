"""Security by default: every response (pages, static files, 404s, errors) carries the headers; debug is off and
the server binds 127.0.0.1 unless asked otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from dashboard import __main__ as cli
from dashboard.server import wsgi
from dashboard.server.app import create_app
from dashboard.ui.components.layout import page
from dashboard.core.load import load
from dashboard.core.state import ViewState
from dashboard.settings import Settings, from_env
from tests.support import DATA
from tests.support.callbacks import body_for, callback_key, make_app

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def app():
    app = create_app(Settings(data_dir=str(DATA), reload_interval=0))

    @app.server.route("/broken")
    def broken():
        raise RuntimeError("a bug")

    return app


@pytest.fixture()
def client(app):
    return app.server.test_client()


def assert_secure(response, csp_hashes) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip())
    assert "unsafe-eval" not in csp, csp
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    for digest in csp_hashes:  # Dash's inline scripts are allowed by hash, not by 'unsafe-inline'
        assert digest in directives["script-src"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def static_script(client) -> str:
    page = client.get("/").get_data(as_text=True)
    start = page.index('src="/_dash-component-suites/') + len('src="')
    return page[start:page.index('"', start)]


@pytest.mark.parametrize("method, path, status", [
    ("get", "/", 200),
    ("get", "/?lang=fr&country=ARG", 200),
    ("get", "/some/deep/link", 200),  # Dash serves the page for any path; the view comes from the query
    ("get", "/_dash-layout", 200),
    ("get", "/_dash-dependencies", 200),
    ("get", "/assets/style.css", 200),
    ("get", "/assets/app.js", 200),
    ("get", "/assets/topojson/world_110m.json", 200),
    ("get", "/assets/no-such-file.css", 404),
    ("get", "/data/countries.geojson", 200),
    ("get", "/data/countries.packed.json", 200),
    ("get", "/assets/shapes.js", 200),
    ("get", "/healthz", 200),
    ("get", "/_favicon.ico", 200),
    ("get", "/_dash-component-suites/dash/no-such.js", 404),
    ("post", "/healthz", 405),
    ("post", "/_dash-update-component", 415),
    ("get", "/_view-ahead?view=%3Flang%3Den&pick=click&country=ARG", 400),
    ("post", "/_view-ahead", 405),
    ("get", "/broken", 500),
])
def test_every_response_carries_the_headers(app, client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status, (path, response.status_code)
    assert_secure(response, app.csp_hashes())


def test_static_scripts_carry_the_headers(app, client):
    response = client.get(static_script(client))
    assert response.status_code == 200 and response.mimetype.endswith("javascript")
    assert_secure(response, app.csp_hashes())


def test_callback_answers_and_refusals_carry_the_headers(app, client):
    key = callback_key(app, "url-search", "data")
    for body, status in [(body_for(app, key, ["?country=ARG"]), 200), ({"output": key}, 400),
                         ({**body_for(app, key), "output": "nope"}, 404)]:
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == status
        assert_secure(response, app.csp_hashes())
    response = client.post("/_dash-update-component", data=b"x" * 300_000, content_type="application/json")
    assert response.status_code == 413
    assert_secure(response, app.csp_hashes())


def test_sign_in_answers_carry_the_headers(tmp_path):
    users = tmp_path / "users.txt"
    users.write_text(f"alice:{generate_password_hash('password123')}\n", encoding="utf-8")
    app = make_app(auth_file=str(users))
    response = app.server.test_client().get("/")
    assert response.status_code == 401
    assert_secure(response, app.csp_hashes())


def test_the_page_has_no_inline_script_outside_the_hashes(app, client):
    """Every inline <script> in the page is one of Dash's, whose hashes the policy lists."""
    import base64
    import hashlib
    import re

    page = re.sub(r"<!--.*?-->", "", client.get("/").get_data(as_text=True), flags=re.S)  # IE-only comment
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", page, re.S)
    inline = [body for body in inline if body.strip()]
    assert inline
    allowed = set(app.csp_hashes())
    for body in inline:
        digest = "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        assert digest in allowed, body[:80]


# --- debug off, loopback only, unless asked -------------------------------------------------------------------

def test_defaults_are_safe():
    for settings in (Settings(), from_env({})):
        assert settings.debug is False
        assert settings.host == "127.0.0.1"
        assert settings.max_request_bytes == 262144
        assert settings.auth_file == ""


def test_debug_is_on_only_when_asked():
    assert from_env({"DASHBOARD_DEBUG": "0"}).debug is False
    assert from_env({"DASHBOARD_DEBUG": "yes"}).debug is True
    assert from_env({}, debug=None).debug is False


def test_serve_binds_loopback_without_debug(monkeypatch):
    calls = {}
    monkeypatch.setattr(wsgi, "run", lambda server, host, port, workers: calls.update(host=host, port=port))
    monkeypatch.setattr("dashboard.server.dash_compat.DashboardDash.run", lambda *a, **k: calls.update(debug_run=True))
    for name in ("DASHBOARD_HOST", "DASHBOARD_DEBUG", "DASHBOARD_AUTH_FILE"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["--data-dir", str(DATA)]) == 0
    assert calls == {"host": "127.0.0.1", "port": 8050}


def test_no_modebar_button_sends_the_chart_away(app, client):
    rendered = page(load(DATA), ViewState(), "/g", "/t/")  # the map's config as a page carries it
    layout = client.get("/_dash-layout").get_data(as_text=True) + str(rendered)
    assert "'showSendToCloud': False" in layout
    assert "'showEditInChartStudio': True" not in layout
