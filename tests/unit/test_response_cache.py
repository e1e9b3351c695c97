"""The callback answer cache: the same request on the same data gets the same bytes; new data empties it."""

from __future__ import annotations

import gzip
import json

import brotli

import pytest

from dashboard.ui import ids
from dashboard.server.app import create_app
from dashboard.server.response_cache import ResponseCache
from dashboard.settings import Settings
from tests.support.callbacks import body_for, callback_key, make_app

CALLBACK = "/_dash-update-component"
HEADERS = {"Content-Type": "application/json", "Accept-Encoding": "identity"}


def render_body(search: str) -> str:
    """What the renderer sends to render the page for a query string, with no view state yet."""
    app = make_app()  # the same callbacks as every app here: the same output keys
    return json.dumps(body_for(app, callback_key(app, ids.URL_SEARCH, "data"), [search]))


def make(data_dir, entries=4096):
    app = create_app(Settings(data_dir=str(data_dir), reload_interval=0, response_cache=entries))
    return app, app.server.test_client()


def test_a_repeated_request_is_answered_from_the_cache_with_the_same_bytes_and_headers(data_dir):
    app, client = make(data_dir)
    cache = app.server.response_cache
    first = client.post(CALLBACK, data=render_body("?lang=fr&country=MEX"), headers=HEADERS)
    again = client.post(CALLBACK, data=render_body("?lang=fr&country=MEX"), headers=HEADERS)
    assert first.status_code == again.status_code == 200
    assert again.data == first.data and "Mexique" in again.get_data(as_text=True)
    assert (cache.hits, cache.misses) == (1, 1)
    for name in ("Content-Type", "Content-Security-Policy", "X-Content-Type-Options"):
        assert again.headers[name] == first.headers[name]
    other = client.post(CALLBACK, data=render_body("?lang=en&country=MEX"), headers=HEADERS)
    assert "Mexico" in other.get_data(as_text=True) and cache.misses == 2


@pytest.mark.parametrize(("accept", "encoding", "decode"), [
    ("gzip, deflate, br, zstd", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)])
def test_answers_are_kept_compressed_as_sent_for_each_encoding(data_dir, accept, encoding, decode):
    app, client = make(data_dir)
    body = render_body("?country=ARG")
    plain = client.post(CALLBACK, data=body, headers=HEADERS)
    first = client.post(CALLBACK, data=body, headers={**HEADERS, "Accept-Encoding": accept})
    again = client.post(CALLBACK, data=body, headers={**HEADERS, "Accept-Encoding": accept})
    assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == encoding
    assert again.data == first.data and decode(again.data) == plain.data
    assert "Accept-Encoding" in again.headers["Vary"]
    assert app.server.response_cache.hits == 1 and len(plain.data) > 5 * len(first.data)


def test_refused_requests_are_never_cached_and_still_refused(data_dir):
    app, client = make(data_dir)
    for _ in range(2):
        assert client.post(CALLBACK, data="{not json", headers=HEADERS).status_code == 400
    assert len(app.server.response_cache) == 0


def test_new_data_empties_the_cache(data_dir):
    app, client = make(data_dir)
    body = render_body("?country=MEX")
    before = client.post(CALLBACK, data=body, headers=HEADERS).get_data(as_text=True)
    countries = data_dir / "countries.csv"
    countries.write_text(countries.read_text(encoding="utf-8").replace("Mexico", "Mexico (renamed)"), encoding="utf-8")
    from dashboard.core import load
    app.live.dataset = load.load(data_dir)  # what live reload does, in one assignment
    after = client.post(CALLBACK, data=body, headers=HEADERS).get_data(as_text=True)
    assert "Mexico (renamed)" in after and "Mexico (renamed)" not in before


def test_off_when_set_to_zero(data_dir):
    app, client = make(data_dir, entries=0)
    assert app.server.response_cache is None
    assert client.post(CALLBACK, data=render_body(""), headers=HEADERS).status_code == 200


def test_bounded_by_entries_and_bytes_least_recently_used_out_first():
    cache = ResponseCache(max_entries=2, max_bytes=100)
    generation = (object(),)
    cache.put(generation, b"a", 200, b"1", {})
    cache.put(generation, b"b", 200, b"2", {})
    assert cache.get(generation, b"a") is not None  # a is now the most recent
    cache.put(generation, b"c", 200, b"3", {})
    assert cache.get(generation, b"b") is None and cache.get(generation, b"a") is not None
    cache.put(generation, b"big", 200, b"x" * 200, {})  # over the byte bound on its own: not kept
    assert cache.get(generation, b"big") is None
    cache.put(generation, b"d", 200, b"y" * 98, {})  # with c, over the byte bound: c goes
    assert len(cache) == 1 and cache.get(generation, b"d") is not None
    assert cache.get((object(),), b"d") is None and len(cache) == 0  # another data set: emptied
