"""Dash's scripts go out compressed once per process (brotli or gzip), with Dash's own cache headers kept."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

from dashboard.core.state import ViewState
from dashboard.server import compression, dash_compat, vendor
from dashboard.settings import REPO_ROOT
from tests.support.callbacks import body_for, callback_key

ASSETS = REPO_ROOT / "assets"


def script_urls(client) -> list[str]:
    index = client.get("/").get_data(as_text=True)
    return [url for url in re.findall(r'src="([^"]+)"', index) if "/_dash-component-suites/" in url]


def plain(client, url: str) -> bytes:
    return client.get(url, headers={"Accept-Encoding": "identity"}).data


def test_every_dash_script_of_the_page_is_sent_as_brotli_that_decodes_to_the_file(client):
    urls = script_urls(client)
    assert any("dash_renderer" in url for url in urls) and any("dash_core_components" in url for url in urls)
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        assert response.status_code == 200, url
        assert response.headers["Content-Encoding"] == "br", url
        assert brotli.decompress(response.data) == plain(client, url), url
        assert response.cache_control.max_age == 31536000, url  # Dash's year for fingerprinted files, kept
        assert "Accept-Encoding" in response.headers["Vary"]


def test_brotli_at_a_high_level_beats_the_per_request_default(client):
    url = next(url for url in script_urls(client) if "dash_core_components.v" in url)
    sent = client.get(url, headers={"Accept-Encoding": "br"}).data
    raw = plain(client, url)
    assert len(sent) < len(brotli.compress(raw, quality=4)) * 0.9  # flask-compress's own brotli level


def test_gzip_for_clients_without_brotli_and_the_file_itself_for_neither(client):
    url = script_urls(client)[0]
    gzipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.data) == plain(client, url)
    assert client.get(url, headers={"Accept-Encoding": "identity"}).headers.get("Content-Encoding") is None


def test_an_async_chunk_revalidates_to_304_with_its_encoding_in_the_etag(client):
    url = "/_dash-component-suites/dash/dcc/async-graph.js"
    first = client.get(url, headers={"Accept-Encoding": "br"})
    assert first.status_code == 200 and first.headers["ETag"].endswith('-br"')
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/_dash-component-suites/dash/dcc/no-such-chunk.js").status_code == 404


def test_compressed_once_per_content(monkeypatch):
    calls = []
    monkeypatch.setitem(compression._QUICK, "gzip", lambda data: calls.append(data) or gzip.compress(data))
    content = b"window.x = 1;" * 100
    monkeypatch.setattr(compression, "_cache", {})
    first = compression.compressed(content, "gzip")
    assert compression.compressed(content, "gzip") is first and len(calls) == 1
    compression.compressed(content + b" ", "gzip")
    assert len(calls) == 2


def test_thorough_levels_by_size(monkeypatch):
    levels = []
    monkeypatch.setattr(compression.brotli, "compress", lambda data, quality: levels.append(quality) or b"")
    compression.thorough(b"x" * 1000, "br")
    compression.thorough(b"x" * (compression.LARGE_SCRIPT_BYTES + 1), "br")
    assert levels == [compression.SCRIPT_BROTLI_QUALITY, compression.LARGE_SCRIPT_BROTLI_QUALITY]
    assert gzip.decompress(compression.thorough(b"abc", "gzip")) == b"abc"


def no_compressing(*_args, **_kwargs):
    raise AssertionError("compressed on a request")


def test_every_script_of_the_page_is_compressed_before_any_request(client, monkeypatch):
    # Built at start: a request finds every script the page loads compressed already, in both encodings.
    monkeypatch.setattr(compression, "thorough", no_compressing)
    monkeypatch.setattr(compression, "_QUICK", {"br": no_compressing, "gzip": no_compressing})
    index = client.get("/").get_data(as_text=True)
    urls = [url for url in re.findall(r'src="([^"]+)"', index) if url.startswith(("/_dash", "/assets"))]
    urls += ["/_dash-component-suites/dash/dcc/async-graph.js", "/assets/style.css"]
    assert any(url.startswith("/assets/app.js") for url in urls)
    for url in urls:
        for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
            response = client.get(url, headers={"Accept-Encoding": encoding})
            assert response.status_code == 200 and response.headers["Content-Encoding"] == encoding, url
            assert decode(response.data) == plain(client, url), url


def test_an_asset_revalidates_to_304_with_its_encoding_in_the_etag(client):
    first = client.get("/assets/app.js", headers={"Accept-Encoding": "br"})
    assert first.status_code == 200 and first.headers["ETag"].endswith('-br"')
    again = client.get("/assets/app.js", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_file_the_page_never_loads_is_compressed_quickly_once(client, monkeypatch):
    calls = []
    quick = compression._QUICK["br"]
    monkeypatch.setitem(compression._QUICK, "br", lambda data: calls.append(len(data)) or quick(data))
    monkeypatch.setattr(compression, "thorough", no_compressing)
    url = "/_dash-component-suites/dash/dcc/async-markdown.js"
    for _ in range(3):
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200 and brotli.decompress(response.data) == plain(client, url)
    assert len(calls) <= 1  # once per process (none when an earlier test asked for it already)


def test_without_the_geo_bundle_dashs_plotly_js_is_compressed_at_start(monkeypatch, tmp_path):
    from dashboard.server import dash_compat, vendor
    from dashboard.server.app import create_app
    from dashboard.settings import Settings
    from tests.support import DATA

    monkeypatch.setattr(vendor, "BUNDLE_PATH", tmp_path / "none.js")
    app = create_app(Settings(data_dir=str(DATA), reload_interval=0))
    test_client = app.server.test_client()
    url = dash_compat.plotly_js_url(app)
    assert f'<link rel="preload" href="{url}" as="script">' in test_client.get("/").get_data(as_text=True)
    monkeypatch.setattr(compression, "thorough", no_compressing)
    monkeypatch.setattr(compression, "_QUICK", {"br": no_compressing, "gzip": no_compressing})
    for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        response = test_client.get(url, headers={"Accept-Encoding": encoding})
        assert response.status_code == 200 and response.headers["Content-Encoding"] == encoding
        assert decode(response.data) == plain(test_client, url)


# --- the shapes ----------------------------------------------------------------------------------------------------

def shapes(tmp_path, text: str = '{"type": "FeatureCollection", "features": []}'):
    from types import SimpleNamespace
    import hashlib

    raw = (text * 50).encode()
    return SimpleNamespace(geometry_bytes=raw, geometry_version=hashlib.sha256(raw).hexdigest()[:12])


def test_the_shapes_are_compressed_once_for_every_worker_through_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dataset = shapes(tmp_path)
    monkeypatch.setattr(compression, "_geometry", {})
    made = compression.prepare_geometry(dataset)
    assert brotli.decompress(made) == dataset.geometry_bytes
    kept = tmp_path / "ircc-dashboard" / f"countries.{dataset.geometry_version}.geojson.br"
    assert kept.read_bytes() == made
    # Another worker (another process: nothing in memory) reads it instead of compressing the file again.
    monkeypatch.setattr(compression, "_geometry", {})
    monkeypatch.setattr(compression.brotli, "compress", no_compressing)
    assert compression.prepare_geometry(dataset) == made


def test_a_cached_copy_that_is_not_these_shapes_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dataset = shapes(tmp_path)
    folder = compression.cache_folder()
    (folder / f"countries.{dataset.geometry_version}.geojson.br").write_bytes(brotli.compress(b"something else"))
    monkeypatch.setattr(compression, "_geometry", {})
    assert brotli.decompress(compression.prepare_geometry(dataset)) == dataset.geometry_bytes


def test_a_cache_folder_others_can_write_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = compression.cache_folder()
    assert folder == tmp_path / "ircc-dashboard" and oct(folder.stat().st_mode & 0o777) == oct(0o700)
    folder.chmod(0o777)
    assert compression.cache_folder() is None
    dataset = shapes(tmp_path)
    monkeypatch.setattr(compression, "_geometry", {})
    assert brotli.decompress(compression.prepare_geometry(dataset)) == dataset.geometry_bytes  # made in memory


def test_until_the_brotli_copy_is_ready_the_shapes_go_out_as_gzip_for_now(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dataset = shapes(tmp_path, '{"type": "FeatureCollection", "features": [1]}')
    monkeypatch.setattr(compression, "_geometry", {})
    started = []
    monkeypatch.setattr(compression, "prepare_geometry_soon", started.append)
    body, encoding, final = compression.geometry_body(dataset, "br")
    assert (encoding, final, started) == ("gzip", False, [dataset]) and gzip.decompress(body) == dataset.geometry_bytes
    compression.prepare_geometry(dataset)
    body, encoding, final = compression.geometry_body(dataset, "br")
    assert (encoding, final) == ("br", True) and brotli.decompress(body) == dataset.geometry_bytes
    assert compression.geometry_body(dataset, "gzip")[1:] == ("gzip", True)
    assert compression.geometry_body(dataset, None) == (dataset.geometry_bytes, None, True)


def test_preparing_soon_runs_once_in_a_thread(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dataset = shapes(tmp_path, '{"features": [2]}')
    monkeypatch.setattr(compression, "_geometry", {})
    compression.prepare_geometry_soon(dataset)
    compression.prepare_geometry_soon(dataset)  # already under way: not a second thread
    threads = [t for t in compression.threading.enumerate() if t.name == "dashboard-shapes"]
    assert len(threads) <= 1
    for thread in threads:
        thread.join(30)
    assert dataset.geometry_version in compression._geometry


# --- a coding refused with q=0 is never sent (issue 24) -------------------------------------------------------------

@pytest.mark.parametrize(("header", "sent"), [
    ("gzip;q=0", ""), ("br;q=0", ""), ("*;q=0", ""), ("identity;q=1, *;q=0", "identity;q=1"),
    ("BR;Q=0, GZIP", "gzip;q=1"),
    ("br;q=0.5, gzip", "gzip;q=1, br;q=0.5"), ("gzip;q=0, *", "zstd;q=1, br;q=1, deflate;q=1"),
    ("gzip; q=0.000, br", "br;q=1"), ("", ""),
])
def test_the_header_reaches_the_app_with_only_the_codings_accepted(header, sent):
    assert compression.accepted_codings(header) == sent


REFUSALS = [("gzip;q=0", None), ("br;q=0", None), ("gzip;q=0, br;q=0", None), ("*;q=0", None),
            ("identity;q=1, *;q=0", None), ("br;q=0, gzip", "gzip"), ("gzip;q=0, br", "br")]


def refused_coding_answer(client, url: str, header: str, expected: str | None, method: str = "GET", **kwargs):
    """The answer to `header`: the coding expected (none: the content as it is) and never a refused one; decoded, the
    content itself (its start for the page, which differs from one request to the next)."""
    response = client.open(url, method=method, headers={"Accept-Encoding": header}, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    encoding = response.headers.get("Content-Encoding")
    assert encoding == expected, (url, header, encoding)
    plain_body = client.open(url, method=method, headers={"Accept-Encoding": "identity"}, **kwargs).data
    decode = {None: lambda data: data, "gzip": gzip.decompress, "br": brotli.decompress}[encoding]
    same = 200 if url.startswith("/?") else None
    assert decode(response.data)[:same] == plain_body[:same]
    assert "Accept-Encoding" in response.headers["Vary"] and "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(("header", "expected"), REFUSALS)
def test_the_maps_picture_never_comes_in_a_refused_coding(app, client, header, expected):
    refused_coding_answer(client, app.urls.picture_url(ViewState(lang="fr", country="MEX")), header, expected)


@pytest.mark.parametrize(("header", "expected"), REFUSALS)
def test_the_svg_export_never_comes_in_a_refused_coding(client, header, expected):
    refused_coding_answer(client, "/export/map.svg?lang=en&region=europe", header, expected)


@pytest.mark.parametrize(("header", "expected"), REFUSALS)
def test_the_offline_file_never_comes_in_a_refused_coding(client, header, expected):
    refused_coding_answer(client, "/export/snapshot.html?lang=fr", header, expected)


@pytest.mark.parametrize(("header", "expected"), REFUSALS)
def test_a_callbacks_answer_never_comes_in_a_refused_coding(app, client, header, expected):
    body = body_for(app, callback_key(app, "url-search", "data"), ["?country=ARG"])
    refused_coding_answer(client, "/_dash-update-component", header, expected, method="POST", json=body)


@pytest.mark.parametrize(("header", "expected"), REFUSALS)
def test_scripts_and_assets_never_come_in_a_refused_coding(client, header, expected):
    for url in [*script_urls(client), "/_dash-component-suites/dash/dcc/async-graph.js", "/assets/style.css",
                "/assets/app.js"]:
        refused_coding_answer(client, url, header, expected)


@pytest.mark.parametrize(("header", "expected"), REFUSALS)
def test_the_page_and_the_shapes_never_come_in_a_refused_coding(app, client, header, expected):
    refused_coding_answer(client, "/?lang=fr", header, expected)
    refused_coding_answer(client, app.urls.geojson_url, header, expected)
