"""Scripts and styles go out compressed (the set-up's copies, else once per process), with Dash's own cache headers
kept; the shapes once per version; and never in a coding the browser refuses."""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from pathlib import Path

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


# --- the set-up's copies ------------------------------------------------------------------------------------------

CHUNK = "/_dash-component-suites/dash/dcc/async-graph.js"


def chunk_file(app) -> Path:
    return dash_compat.suite_file(app, CHUNK)


@pytest.fixture()
def built(app, tmp_path, monkeypatch) -> Path:
    """The set-up's copies of app.js, style.css and an async chunk in a folder of this test's own, and nothing sent
    yet in this process."""
    folder = tmp_path / "compressed"
    monkeypatch.setattr(compression, "BUILT", folder)
    monkeypatch.setattr(compression, "_sent", {})
    compression.build([ASSETS / "app.js", ASSETS / "style.css", chunk_file(app)])
    return folder


def no_compressing(*_args, **_kwargs):
    raise AssertionError("compressed on a request")


@pytest.mark.parametrize("url", ["/assets/app.js", "/assets/style.css", CHUNK])
def test_the_set_ups_copy_is_sent_as_it_is(app, client, built, monkeypatch, url):
    monkeypatch.setattr(compression, "compress", no_compressing)
    for header, encoding, decode in (("gzip, deflate, br, zstd", "br", brotli.decompress),
                                     ("gzip", "gzip", gzip.decompress)):
        response = client.get(url, headers={"Accept-Encoding": header})
        assert response.status_code == 200 and response.headers["Content-Encoding"] == encoding, url
        digest = hashlib.sha256(plain(client, url)).hexdigest()
        assert response.data == (built / f"{digest}{compression.SUFFIXES[encoding]}").read_bytes()
        assert decode(response.data) == plain(client, url)


def test_the_set_ups_brotli_beats_flask_compress_s_on_the_fly_level(client, built):
    for url in ("/assets/app.js", "/assets/style.css"):
        sent = client.get(url, headers={"Accept-Encoding": "br"}).data
        assert len(sent) < len(brotli.compress(plain(client, url), quality=4)) * 0.9  # flask-compress's default level


def test_a_file_without_a_copy_is_compressed_once_per_process(client, tmp_path, monkeypatch):
    monkeypatch.setattr(compression, "BUILT", tmp_path / "empty")
    monkeypatch.setattr(compression, "_sent", {})
    calls = []
    real = compression.compress
    monkeypatch.setattr(compression, "compress", lambda data, encoding, use: calls.append((encoding, use))
                        or real(data, encoding, use))
    url = "/_dash-component-suites/dash/dcc/async-markdown.js"  # a chunk the page never preloads
    for _ in range(3):
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
        assert brotli.decompress(response.data) == plain(client, url)
    assert calls == [("br", "on_the_fly")]


def test_a_copy_that_is_not_the_file_is_never_sent(app, client, built, caplog):
    content = chunk_file(app).read_bytes()
    (built / f"{hashlib.sha256(content).hexdigest()}.br").write_bytes(brotli.compress(b"window.other = 1;"))
    with caplog.at_level(logging.WARNING, logger="dashboard.server.compression"):
        response = client.get(CHUNK, headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br" and brotli.decompress(response.data) == content
    assert "is not a copy of the file it is named after" in caplog.text


def test_the_build_covers_every_script_and_style_of_the_page(app, client):
    index = client.get("/").get_data(as_text=True)
    urls = re.findall(r'<script src="([^"?]+)', index) + re.findall(r'<link rel="stylesheet" href="([^"?]+)', index)
    urls += re.findall(r'<link rel="preload" href="([^"]+)" as="script"', index)
    page = [dash_compat.suite_file(app, url) for url in urls if "/_dash-component-suites/" in url]
    page += [ASSETS / url.removeprefix("/assets/") for url in urls if url.startswith("/assets/")]
    page += [path for path in (vendor.BUNDLE_PATH, vendor.REGENERATOR_PATH)
             if any(url.startswith("/_vendor/") for url in urls) and path.is_file()]
    assert len(page) >= 10 and any(path.name == "style.css" for path in page)
    files = {path.resolve() for path in compression.page_files()}
    assert {path.resolve() for path in page} <= files
    assert (ASSETS / "topojson" / "world_110m.json").resolve() in files  # fetched by plotly.js, not listed


def test_the_build_writes_what_is_missing_and_removes_other_contents(tmp_path, monkeypatch):
    source = tmp_path / "app.js"
    source.write_text("window.version = 1;" * 100)
    folder = tmp_path / "compressed"
    ((path, size, br_size),) = compression.build([source], folder)
    first = sorted(p.name for p in folder.iterdir())
    assert (path, size) == (source, source.stat().st_size) and len(first) == 2
    assert brotli.decompress((folder / first[0]).read_bytes()) == source.read_bytes()
    assert gzip.decompress((folder / first[1]).read_bytes()) == source.read_bytes()
    monkeypatch.setattr(compression, "compress", no_compressing)
    compression.build([source], folder)  # unchanged: nothing compressed again
    monkeypatch.undo()
    source.write_text("window.version = 2;" * 100)
    compression.build([source], folder)
    assert sorted(p.name for p in folder.iterdir()) != first and len(list(folder.iterdir())) == 2


def test_the_build_command_prints_each_file(tmp_path, monkeypatch, capsys):
    source = tmp_path / "style.css"
    source.write_text("body { color: #26374a; }" * 50)
    monkeypatch.setattr(compression, "BUILT", tmp_path / "compressed")
    monkeypatch.setattr(compression, "page_files", lambda: [source])
    assert compression.main(["build"]) == 0
    out = capsys.readouterr().out
    assert f"style.css ({source.stat().st_size} bytes" in out and "1 files in" in out
    assert len(list((tmp_path / "compressed").iterdir())) == 2


def test_without_the_geo_bundle_dashs_plotly_js_is_preloaded_built_and_nothing_compressed_at_start(
        monkeypatch, tmp_path):
    from dashboard.server.app import create_app
    from dashboard.settings import Settings
    from tests.support import DATA

    monkeypatch.setattr(vendor, "BUNDLE_PATH", tmp_path / "none.js")
    uses = []
    real = compression.compress
    monkeypatch.setattr(compression, "compress", lambda data, encoding, use: uses.append(use)
                        or real(data, encoding, use))
    app = create_app(Settings(data_dir=str(DATA), reload_interval=0))
    assert set(uses) <= {"shapes"}  # the shapes only, once per version: no script at start
    url = dash_compat.plotly_js_url(app)
    test_client = app.server.test_client()
    assert f'<link rel="preload" href="{url}" as="script">' in test_client.get("/").get_data(as_text=True)
    assert dash_compat.suite_file(app, url).resolve() in {path.resolve() for path in compression.page_files()}
    for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        response = test_client.get(url, headers={"Accept-Encoding": encoding})
        assert response.status_code == 200 and response.headers["Content-Encoding"] == encoding
        assert decode(response.data) == plain(test_client, url)


# --- the shapes ----------------------------------------------------------------------------------------------------

SQUARE = '{"type": "Feature", "id": "AAA", "properties": {}, "geometry": {"type": "Polygon", "coordinates": ' \
         '[[[0.5, 0.5], [0.5, 1.25], [1.5, 1.25], [0.5, 0.5]]]}}'


def shapes(tmp_path, text: str = '{"type": "FeatureCollection", "features": []}'):
    from types import SimpleNamespace
    import hashlib

    raw = (text * 50).encode()
    return SimpleNamespace(geometry_bytes=raw, geometry_version=hashlib.sha256(raw).hexdigest()[:12])


def collection(count: int = 50):
    """Shapes with a packed form."""
    from types import SimpleNamespace

    raw = ('{"type": "FeatureCollection", "features": [' + ", ".join([SQUARE] * count) + "]}").encode()
    return SimpleNamespace(geometry_bytes=raw, geometry_version=hashlib.sha256(raw).hexdigest()[:12])


@pytest.mark.parametrize("form", compression.SHAPES_FORMS)
def test_the_shapes_are_compressed_once_for_every_worker_through_the_cache_folder(tmp_path, monkeypatch, form):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dataset = collection()
    monkeypatch.setattr(compression, "_geometry", {})
    made = compression.prepare_geometry(dataset, form)
    assert brotli.decompress(made) == compression.shapes_content(dataset, form)
    kept = tmp_path / "ircc-dashboard" / f"countries.{dataset.geometry_version}.{form}.br"
    assert kept.read_bytes() == made
    # Another worker (another process: nothing in memory) reads it instead of compressing the file again.
    monkeypatch.setattr(compression, "_geometry", {})
    monkeypatch.setattr(compression.brotli, "compress", no_compressing)
    assert compression.prepare_geometry(dataset, form) == made


def test_the_packed_shapes_are_the_core_packing_of_the_file_and_smaller():
    from dashboard.core import geo

    dataset = collection()
    packed = compression.shapes_content(dataset, "packed")
    assert packed == geo.packed_shapes(dataset.geometry_bytes)
    assert len(packed) < len(dataset.geometry_bytes) / 2
    assert compression.shapes_content(dataset, "geojson") == dataset.geometry_bytes


def test_shapes_with_no_packed_form_have_nothing_to_prepare_or_send(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dataset = shapes(tmp_path, '{"type": "FeatureCollection", "features": [3]}')
    monkeypatch.setattr(compression, "_geometry", {})
    assert compression.prepare_geometry(dataset, "packed") is None
    assert compression.geometry_body(dataset, "br", "packed") is None
    assert brotli.decompress(compression.prepare_geometry(dataset, "geojson")) == dataset.geometry_bytes


def test_a_cached_copy_that_is_not_these_shapes_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dataset = shapes(tmp_path)
    folder = compression.cache_folder()
    (folder / f"countries.{dataset.geometry_version}.geojson.br").write_bytes(brotli.compress(b"something else"))
    monkeypatch.setattr(compression, "_geometry", {})
    assert brotli.decompress(compression.prepare_geometry(dataset)) == dataset.geometry_bytes


def test_only_the_newest_copies_of_each_form_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(compression, "GEOMETRY_COPIES", 2)
    monkeypatch.setattr(compression, "_geometry", {})
    for count in (1, 2, 3):
        dataset = collection(count)
        for form in compression.SHAPES_FORMS:
            compression.prepare_geometry(dataset, form)
    folder = compression.cache_folder()
    for form in compression.SHAPES_FORMS:
        assert len(list(folder.glob(f"countries.*.{form}.br"))) == 2
        assert f"countries.{collection(3).geometry_version}.{form}.br" in {p.name for p in folder.iterdir()}
    assert len(list(folder.glob("countries.*.lock"))) == 2 * len(compression.SHAPES_FORMS)


def test_a_cache_folder_others_can_write_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = compression.cache_folder()
    assert folder == tmp_path / "ircc-dashboard" and oct(folder.stat().st_mode & 0o777) == oct(0o700)
    folder.chmod(0o777)
    assert compression.cache_folder() is None
    dataset = shapes(tmp_path)
    monkeypatch.setattr(compression, "_geometry", {})
    assert brotli.decompress(compression.prepare_geometry(dataset)) == dataset.geometry_bytes  # made in memory


@pytest.mark.parametrize("form", compression.SHAPES_FORMS)
def test_until_the_brotli_copy_is_ready_the_shapes_go_out_as_gzip_for_now(tmp_path, monkeypatch, form):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dataset = collection(7)
    content = compression.shapes_content(dataset, form)
    monkeypatch.setattr(compression, "_geometry", {})
    started = []
    monkeypatch.setattr(compression, "prepare_geometry_soon", lambda *args: started.append(args))
    body, encoding, final = compression.geometry_body(dataset, "br", form)
    assert (encoding, final, started) == ("gzip", False, [(dataset, form)]) and gzip.decompress(body) == content
    compression.prepare_geometry(dataset, form)
    body, encoding, final = compression.geometry_body(dataset, "br", form)
    assert (encoding, final) == ("br", True) and brotli.decompress(body) == content
    assert compression.geometry_body(dataset, "gzip", form)[1:] == ("gzip", True)
    assert compression.geometry_body(dataset, None, form) == (content, None, True)


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
    assert (dataset.geometry_version, "geojson") in compression._geometry


# --- a coding refused with q=0 is never sent -------------------------------------------------------------------

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
    refused_coding_answer(client, app.urls.packed_shapes_url, header, expected)
