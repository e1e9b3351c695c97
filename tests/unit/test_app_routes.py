"""The app's own routes through Flask's test client: the shapes file, compressed once and cached for good; the first
layout; /healthz, which tells anyone no more than a load balancer needs."""

from __future__ import annotations

import base64
import datetime as dt
import json

import brotli
import pytest
from werkzeug.security import generate_password_hash

from dashboard.core import load
from dashboard.core.live import ReloadFailure
from dashboard.server import vendor
from dashboard.server.app import create_app
from dashboard.core import geo
from dashboard.server.routes import GEOJSON_ROUTE, PACKED_SHAPES_ROUTE, Urls
from dashboard.settings import Settings
from tests.support import DATA
from tests.support.rows import set_cell


def test_shapes_are_brotli_compressed_for_browsers_that_take_it(app, client):
    raw = (DATA / "countries.geojson").read_bytes()
    response = client.get(app.urls.geojson_url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == raw
    assert len(response.data) < len(raw) / 3
    assert "Accept-Encoding" in response.headers["Vary"]
    assert "immutable" in response.headers["Cache-Control"]


def test_shapes_for_other_clients_are_the_file_itself_or_gzip(client):
    raw = (DATA / "countries.geojson").read_bytes()
    plain = client.get(GEOJSON_ROUTE, headers={"Accept-Encoding": "identity"})
    assert plain.headers.get("Content-Encoding") is None and plain.data == raw
    gzipped = client.get(GEOJSON_ROUTE, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"


def test_the_packed_shapes_are_brotli_compressed_and_cached_for_good(app, client):
    raw = (DATA / "countries.geojson").read_bytes()
    assert app.urls.packed_shapes_url == f"{PACKED_SHAPES_ROUTE}?v={app.live.dataset.geometry_version}"
    response = client.get(app.urls.packed_shapes_url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Encoding"] == "br"
    assert geo.unpack_shapes(brotli.decompress(response.data)) == json.loads(raw)
    assert "immutable" in response.headers["Cache-Control"]
    plain = client.get(PACKED_SHAPES_ROUTE, headers={"Accept-Encoding": "identity"})
    assert plain.data == geo.packed_shapes(raw) and "immutable" not in plain.headers["Cache-Control"]


def test_shapes_with_no_packed_form_are_preloaded_as_geojson(data_dir):
    # A point with more digits than a packed form keeps: the file still loads, and goes out as it is.
    shapes = data_dir / "countries.geojson"
    collection = json.loads(shapes.read_bytes())
    ring = collection["features"][0]["geometry"]["coordinates"][0]
    if collection["features"][0]["geometry"]["type"] == "MultiPolygon":
        ring = ring[0]
    ring[0][0] = ring[-1][0] = ring[0][0] + 1e-10
    shapes.write_text(json.dumps(collection), encoding="utf-8")
    app = create_app(Settings(data_dir=str(data_dir), reload_interval=0))
    assert geo.packed_shapes(app.live.dataset.geometry_bytes) is None
    assert app.urls.packed_shapes_url is None
    client = app.server.test_client()
    assert client.get(PACKED_SHAPES_ROUTE).status_code == 404
    index = client.get("/").get_data(as_text=True)
    assert f'<link rel="preload" href="{app.urls.geojson_url}" as="fetch" crossorigin="anonymous">' in index
    assert "data-geojson" not in index


def test_a_second_visit_revalidates_to_304(app, client):
    for url in (app.urls.geojson_url, GEOJSON_ROUTE, app.urls.packed_shapes_url, PACKED_SHAPES_ROUTE):
        first = client.get(url, headers={"Accept-Encoding": "br"})
        again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""


def test_shapes_asked_for_by_another_version_are_not_cached_for_good(client):
    for url in (GEOJSON_ROUTE, GEOJSON_ROUTE + "?v=000000000000"):
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200 and "immutable" not in response.headers["Cache-Control"], url


def test_the_shapes_url_names_the_shapes_file_alone(data_dir):
    from dashboard.core import load
    from dashboard.core.live import LiveData

    before = load.load(data_dir)
    engagements = data_dir / "engagements.csv"
    engagements.write_text(engagements.read_text(encoding="utf-8").replace("Programa Siria", "Programa Siria (2)"),
                           encoding="utf-8")
    after = load.load(data_dir)
    assert after.version != before.version  # new data: new caches, new /healthz version
    # The same shapes: browsers keep theirs.
    assert Urls(LiveData(after)).geojson_url == Urls(LiveData(before)).geojson_url
    shapes = data_dir / "countries.geojson"
    shapes.write_bytes(shapes.read_bytes() + b"\n")
    assert Urls(LiveData(load.load(data_dir))).geojson_url != Urls(LiveData(before)).geojson_url


LAYOUT = "/_dash-layout"


def layout(client, referrer: str | None) -> dict:
    headers = {"Accept-Encoding": "identity", **({"Referer": referrer} if referrer else {})}
    response = client.get(LAYOUT, headers=headers)
    assert response.status_code == 200
    assert "no-cache" in response.headers["Cache-Control"] and "Referer" in response.headers["Vary"]
    return response.get_json()


def find(node, component_id: str):
    if isinstance(node, list):
        return next((found for child in node if (found := find(child, component_id)) is not None), None)
    if isinstance(node, dict) and "props" in node:
        if node["props"].get("id") == component_id:
            return node
        return find(node["props"].get("children"), component_id)
    return None


def test_the_first_layout_brings_the_page_of_the_address_that_asked(app, client):
    body = layout(client, "http://localhost/?lang=fr&category=grsi&country=ARG")
    view = find(body, "view-state")["props"]["data"]
    assert (view["lang"], view["categories"], view["country"], view["origin"]) == ("fr", ["grsi"], "ARG", "url")
    text = json.dumps(find(body, "page"), ensure_ascii=False)
    assert "Argentine" in text and "Programa Siria" in text
    rows = app.live.dataset.engagements
    grsi = sorted(set(rows.loc[rows["category"] == "grsi", "iso3"]))
    assert sorted(find(body, "map-graph")["props"]["figure"]["data"][1]["locations"]) == grsi  # engaged fills


def test_the_first_layout_is_the_shell_alone_without_a_referrer_of_this_page(client):
    for referrer in (None, "http://elsewhere.example/?country=ARG", "http://localhost/other?country=ARG"):
        body = layout(client, referrer)
        assert find(body, "view-state")["props"].get("data") is None, referrer
        assert find(body, "page")["props"].get("children") is None, referrer  # the URL's callback renders it


def test_the_first_layout_is_built_once_per_view(app, client):
    app_layouts = app.first_layouts
    first = client.get(LAYOUT, headers={"Referer": "http://localhost/?country=MEX"}).data
    count = len(app_layouts)
    again = client.get(LAYOUT, headers={"Referer": "http://localhost/?country=MEX&unknown=1"}).data
    assert again == first and len(app_layouts) == count  # the same view: the same bytes, from the cache


def test_the_page_title_and_lang_follow_the_language_of_the_address(client):
    """The browser tab and screen readers read <title>; it is French on the French page (escaped as HTML)."""
    french = client.get("/?lang=fr&country=ARG").get_data(as_text=True)
    assert "<title>Renforcement des capacités et engagement du Canada en matière de migration internationale</title>" \
        in french and '<html lang="fr">' in french
    english = client.get("/").get_data(as_text=True)
    assert "<title>Canada's International Migration Capacity Building and Engagement</title>" in english
    assert '<html lang="en">' in english


def test_the_page_preloads_what_its_scripts_will_ask_for(app, client):
    import re

    index = client.get("/?lang=fr").get_data(as_text=True)
    fetched = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin="anonymous"', index)
    assert fetched == ["/_dash-layout", "/_dash-dependencies", app.urls.packed_shapes_url,
                       "/assets/topojson/world_110m.json"]
    # The packed shapes' link names the GeoJSON they stand for, the figure's (assets/shapes.js).
    assert (f'<link rel="preload" href="{app.urls.packed_shapes_url}" as="fetch" crossorigin="anonymous" '
            f'data-geojson="{app.urls.geojson_url}">') in index
    scripts = re.findall(r'<link rel="preload" href="([^"]+)" as="script">', index)
    # Without the geo-only bundle (a clone set up without npm), the map's code is Dash's own plotly.js, fetched too.
    dash_plotly = [] if vendor.BUNDLE_PATH.is_file() else ["plotly.min.js"]
    assert [url.rsplit("/", 1)[-1] for url in scripts] == ["async-graph.js", "async-dropdown.js", "async-slider.js",
                                                           *dash_plotly]
    for url in fetched + scripts:
        assert client.get(url, headers={"Referer": "http://localhost/?lang=fr"}).status_code == 200, url


# --- /healthz: status, data version and whether the last reload was refused; the problems to a signed-in user -----

SECRET = "CONFIDENTIAL draft: 4.2M pending Treasury Board approval"
EMAIL = "jane.doe@example.gc.ca"
PASSWORD = "correct horse battery"


def refused_with_secrets(data_dir) -> ReloadFailure:
    """The refusal of files holding a draft figure and an address: what a reload of them would show."""
    set_cell(data_dir, "grsi-gbr", "amount_cad", SECRET, start_year=EMAIL)
    with pytest.raises(load.DataError) as refused:
        load.load(data_dir)
    return ReloadFailure(tuple(refused.value.problems), dt.datetime.now(dt.timezone.utc))


def basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.mark.parametrize("sign_in", [False, True], ids=["sign-in-off", "sign-in-on"])
def test_healthz_tells_anyone_only_status_version_and_refusal(data_dir, tmp_path, sign_in):
    users = tmp_path / "users.txt"
    users.write_text(f"alice:{generate_password_hash(PASSWORD, method='scrypt:4096:8:1')}\n", encoding="utf-8")
    app = create_app(Settings(data_dir=str(data_dir), reload_interval=0, auth_file=str(users) if sign_in else ""))
    client = app.server.test_client()
    assert client.get("/healthz").json == {"status": "ok", "data_version": app.live.dataset.version,
                                           "reload_refused": False}
    app.live.reload_error = refused_with_secrets(data_dir)
    assert EMAIL in str(app.live.reload_error.problems) and SECRET in str(app.live.reload_error.problems)
    anonymous = [{}, basic("alice", "wrong password"), basic("mallory", PASSWORD), {"Authorization": "Bearer x"},
                 {"Authorization": "Basic !!!"}, *([] if sign_in else [basic("alice", PASSWORD)])]
    for headers in anonymous:
        response = client.get("/healthz", headers=headers)
        assert response.status_code == 200
        assert response.json == {"status": "ok", "data_version": app.live.dataset.version, "reload_refused": True}
        text = response.get_data(as_text=True)
        assert "CONFIDENTIAL" not in text and "4.2M" not in text and EMAIL not in text and ".csv" not in text
        assert response.headers["Cache-Control"] == "no-store" and "Content-Security-Policy" in response.headers
    if sign_in:
        assert client.get("/").status_code == 401  # the page itself asks for sign-in
        signed_in = client.get("/healthz", headers=basic("alice", PASSWORD)).json
        assert signed_in["reload_refused"] is True and signed_in["reload_error"]["errors"] == 2
        assert EMAIL in json.dumps(signed_in) and "CONFIDENTIAL draft" in json.dumps(signed_in)
        assert {"worker", "loaded_at", "engagements", "countries"} <= set(signed_in)
