"""Dash's scripts go out compressed once per process (brotli or gzip), with Dash's own cache headers kept."""

from __future__ import annotations

import gzip
import re

import brotli

from dashboard.server import compression


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
    monkeypatch.setitem(compression._SCRIPT_ENCODERS, "gzip", lambda data: calls.append(data) or gzip.compress(data))
    content = b"window.x = 1;" * 100
    monkeypatch.setattr(compression, "_cache", {})
    first = compression.compressed(content, "gzip")
    assert compression.compressed(content, "gzip") is first and len(calls) == 1
    compression.compressed(content + b" ", "gzip")
    assert len(calls) == 2
