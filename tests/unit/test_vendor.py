"""Vendor scripts: the geo-only plotly.js (only at Dash's own version) and regenerator-runtime, served with their
hash in the name, compressed by the set-up."""

from __future__ import annotations

import gzip
import hashlib
import logging

import brotli
import pytest
from dash import Dash, html
from plotly.offline import get_plotlyjs_version

from dashboard.server import compression, vendor

VERSION = get_plotlyjs_version()


def fake_bundle(version: str = VERSION) -> bytes:
    header = f"/**\n* plotly.js (geo - minified) v{version}\n* Copyright 2012-2026, Plotly, Inc.\n*/\n"
    return (header + "window.Plotly = {version: '%s'};\n" % version + "// padding\n" * 200).encode()


def write_bundle(folder, content: bytes):
    path = folder / "plotly-geo.min.js"
    path.write_bytes(content)
    return path


@pytest.fixture()
def built(tmp_path, monkeypatch):
    """The set-up's compressed copies in a folder of this test's own, and nothing sent yet in this process."""
    folder = tmp_path / "compressed"
    monkeypatch.setattr(compression, "BUILT", folder)
    monkeypatch.setattr(compression, "_sent", {})
    return folder


def make_app() -> Dash:
    app = Dash(__name__, compress=True, serve_locally=True)
    app.layout = html.Div("x")
    return app


def test_bundle_version_reads_the_licence_header():
    assert vendor.bundle_version(fake_bundle("4.1.1")) == "4.1.1"
    assert vendor.bundle_version(b"/**\n* plotly.js v4.1.1\n*/") is None  # the full bundle's header
    assert vendor.bundle_version(b"window.Plotly = {};") is None
    assert vendor.bundle_version(b"") is None


def test_without_the_bundle_dash_keeps_its_own_plotly(tmp_path):
    app = make_app()
    assert vendor.install_plotly(app, tmp_path / "plotly-geo.min.js") is None
    assert app.config.external_scripts == []
    assert "vendor_script" not in app.server.view_functions


def test_a_bundle_of_another_version_is_not_used(tmp_path, caplog):
    app = make_app()
    path = write_bundle(tmp_path, fake_bundle("3.0.0"))
    with caplog.at_level(logging.WARNING, logger="dashboard.server.vendor"):
        assert vendor.install_plotly(app, path) is None
    assert app.config.external_scripts == []
    assert "not " + VERSION in caplog.text


def test_the_bundle_is_loaded_before_the_renderer_and_cached_for_good(tmp_path):
    app = make_app()
    content = fake_bundle()
    url = vendor.install_plotly(app, write_bundle(tmp_path, content))
    digest = hashlib.sha256(content).hexdigest()[:12]
    assert url == f"/_vendor/plotly-geo-{VERSION}.min.{digest}.js"
    assert app.config.external_scripts == [url]
    index = app.server.test_client().get("/").get_data(as_text=True)
    assert index.index(url) < index.index("dash_renderer")  # Plotly is defined before any dcc.Graph asks
    response = app.server.test_client().get(url, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.data == content
    assert response.mimetype == "application/javascript"
    assert "Content-Encoding" not in response.headers
    assert response.cache_control.max_age == 31536000 and response.cache_control.immutable
    assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.parametrize(("accept", "encoding"), [
    ("gzip, deflate, br, zstd", "br"),   # Chromium's header: the smaller brotli copy
    ("gzip", "gzip"),
    ("br;q=0, gzip", "gzip"),
])
def test_the_set_ups_copy_is_sent_as_it_is(tmp_path, built, monkeypatch, accept, encoding):
    app = make_app()
    content = fake_bundle()
    path = write_bundle(tmp_path, content)
    compression.build([path])
    url = vendor.install_plotly(app, path)
    monkeypatch.setattr(compression, "compress", lambda *args: pytest.fail("compressed on a request"))
    response = app.server.test_client().get(url, headers={"Accept-Encoding": accept})
    assert response.headers["Content-Encoding"] == encoding  # flask-compress did not encode it again
    copy = built / (hashlib.sha256(content).hexdigest() + {"br": ".br", "gzip": ".gz"}[encoding])
    assert response.data == copy.read_bytes()
    body = brotli.decompress(response.data) if encoding == "br" else gzip.decompress(response.data)
    assert body == content


def test_a_stale_compressed_copy_is_ignored(tmp_path, built, caplog):
    app = make_app()
    content = fake_bundle()
    path = write_bundle(tmp_path, content)
    compression.build([path])
    (built / (hashlib.sha256(content).hexdigest() + ".br")).write_bytes(brotli.compress(b"an older bundle"))
    url = vendor.install_plotly(app, path)
    with caplog.at_level(logging.WARNING, logger="dashboard.server.compression"):
        response = app.server.test_client().get(url, headers={"Accept-Encoding": "br"})
    assert "is not a copy of the file it is named after" in caplog.text
    # The true bundle goes out instead, compressed when first asked for.
    assert response.headers["Content-Encoding"] == "br" and brotli.decompress(response.data) == content


def test_a_conditional_request_is_answered_304_and_another_name_404(tmp_path):
    app = make_app()
    url = vendor.install_plotly(app, write_bundle(tmp_path, fake_bundle()))
    client = app.server.test_client()
    first = client.get(url, headers={"Accept-Encoding": "br"})
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/_vendor/plotly-geo-0.0.0.min.000000000000.js").status_code == 404


REGENERATOR = b"var runtime = (function (exports) { return exports; }({}));\ntry {\n  regeneratorRuntime = runtime;\n} catch (e) {}\n"


def test_regenerator_runtime_is_served_beside_the_bundle(tmp_path):
    app = make_app()
    plotly_url = vendor.install_plotly(app, write_bundle(tmp_path, fake_bundle()))
    path = tmp_path / "regenerator-runtime.js"
    path.write_bytes(REGENERATOR)
    url = vendor.install_regenerator(app, path)
    assert url == f"/_vendor/regenerator-runtime.{hashlib.sha256(REGENERATOR).hexdigest()[:12]}.js"
    assert app.config.external_scripts == [plotly_url, url]
    response = app.server.test_client().get(url, headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br" and brotli.decompress(response.data) == REGENERATOR
    assert app.server.test_client().get(plotly_url).status_code == 200  # one route serves both


def test_a_file_that_is_not_regenerator_runtime_keeps_dashs_polyfill(tmp_path, caplog):
    app = make_app()
    path = tmp_path / "regenerator-runtime.js"
    path.write_bytes(b"console.log('something else');")
    with caplog.at_level(logging.WARNING, logger="dashboard.server.vendor"):
        assert vendor.install_regenerator(app, path) is None
    assert "keeping Dash's polyfill" in caplog.text
    assert vendor.install_regenerator(make_app(), tmp_path / "missing.js") is None
