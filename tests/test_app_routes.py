"""The app's own routes through Flask's test client: the shapes file, compressed once and cached for good."""

from __future__ import annotations

import brotli
import pytest

from dashboard.app import GEOJSON_ROUTE, create_app
from dashboard.settings import REPO_ROOT, Settings


@pytest.fixture(scope="module")
def client():
    return create_app(Settings(data_dir=str(REPO_ROOT / "data"))).server.test_client()


def test_shapes_are_brotli_compressed_for_browsers_that_take_it(client):
    raw = (REPO_ROOT / "data" / "countries.geojson").read_bytes()
    response = client.get(GEOJSON_ROUTE, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == raw
    assert len(response.data) < len(raw) / 3
    assert "Accept-Encoding" in response.headers["Vary"]
    assert "immutable" in response.headers["Cache-Control"]


def test_shapes_for_other_clients_are_the_file_itself_or_gzip(client):
    raw = (REPO_ROOT / "data" / "countries.geojson").read_bytes()
    plain = client.get(GEOJSON_ROUTE, headers={"Accept-Encoding": "identity"})
    assert plain.headers.get("Content-Encoding") is None and plain.data == raw
    gzipped = client.get(GEOJSON_ROUTE, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"


def test_a_second_visit_revalidates_to_304(client):
    first = client.get(GEOJSON_ROUTE, headers={"Accept-Encoding": "br"})
    again = client.get(GEOJSON_ROUTE, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
