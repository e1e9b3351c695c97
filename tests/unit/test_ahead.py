"""Tests for dashboard.server.ahead: a pick of a country answered ahead is, byte for byte, the view callback's answer
to the same pick on the same page; a malformed query is a clear 400, a stale data version a 409; and the headers."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core.briefing import Briefing, Playing, Step, address
from dashboard.core.live import ReloadFailure
from dashboard.core.problems import Problem
from dashboard.core.state import ViewState
from dashboard.server.routes import AHEAD_ROUTE
from dashboard.ui import ids
from dashboard.ui.components.layout import view_data
from dashboard.ui.updates import control_values
from tests.support.callbacks import assert_clean, body_for, callback_key, post

# What the page sends the view callback for each pick: the input that carries it, and its value.
PICKED = {
    "click": (ids.MAP_CLICK, "data", lambda iso3: {"points": [{"location": iso3, "curveNumber": 0, "pointNumber": 3,
                                                                "bbox": {"x0": 1, "x1": 2}}]}),
    "search": (ids.SEARCH_PICK, "data", lambda iso3: {"iso3": iso3, "at": 1767225600000}),
    "row": (ids.TABLE_ROW_PICK, "data", lambda iso3: {"iso3": iso3, "at": 1767225600000}),
    "step": (ids.PRESENT_STEP, "data", lambda iso3: {"iso3": iso3, "at": 1767225600000}),
}
CONTROLS = {ids.FILTER_CATEGORY: "filter_category", ids.FILTER_PROGRAM: "filter_program",
            ids.FILTER_REGION: "filter_region", ids.FILTER_YEARS: "filter_years",
            ids.FILTER_CONFIRMED: "filter_confirmed"}


def ahead(client, view: str, pick: str, country: str, version: str, banner: str | None = None, **extra):
    query = {"view": view, "pick": pick, "country": country, "v": version, **({"banner": banner} if banner else {}),
             **extra}
    return client.get(f"{AHEAD_ROUTE}?{urlencode(query)}")


def callback_answer(app, client, state: ViewState, playing: Playing, pick: str, country: str,
                    banner: str | None = None):
    """The view callback's answer through its own route, for the request the page sends when `country` is picked on
    a page showing that view (its controls showing its filters, the text version closed)."""
    key = callback_key(app, ids.MAP_CLICK, "data")
    callback = app.callback_map[key]
    trigger, prop, value = PICKED[pick]
    controls = control_values(app.live.dataset, state)
    values = [value(country) if item["id"] == trigger else controls[CONTROLS[item["id"]]]
              if item["id"] in CONTROLS else 0 if item["property"] == "n_clicks" else None
              for item in callback["inputs"]]
    current = {**view_data(state, "url", app.live.reload_error, playing=playing,
                           version=app.live.dataset.version), "banner": banner}
    body = body_for(app, key, values, [current, True, None])
    body["changedPropIds"] = [f"{trigger}.{prop}"]
    return post(client, body)


ONE_STEP = Briefing((Step("program=M5"), Step("category=grsi")))


@pytest.mark.parametrize("state, playing, pick, country", [
    (ViewState(), Playing(), "click", "ARG"),
    (ViewState(lang="fr", country="ARG"), Playing(), "click", "DEU"),
    (ViewState(categories=("grsi",), years=(2015, 2019), confirmed_only=True), Playing(), "click", "ARG"),
    (ViewState(), Playing(), "click", "FRA"),  # a country without engagements: its card says so
    (ViewState(country="ARG"), Playing(), "search", "MEX"),
    (ViewState(lang="fr", programs=("M5",)), Playing(), "row", "MEX"),
    (ViewState(presenting=True, country="ARG"), Playing(), "step", "MEX"),
    (ViewState(presenting=True), Playing(ONE_STEP, 1), "click", "MEX"),  # a briefing playing plays on
], ids=["click", "click-fr", "click-filtered", "click-no-engagement", "search", "row-fr", "step", "briefing"])
def test_the_answer_is_the_callbacks_own_for_the_same_pick(app, client, state, playing, pick, country):
    version = app.live.dataset.version
    got = ahead(client, address(state, playing), pick, country, version)
    assert got.status_code == 200, got.data[:300]
    expected = callback_answer(app, client, state, playing, pick, country)
    assert expected.status_code == 200
    assert got.data == expected.data  # the same bytes, as Dash encodes them
    assert got.mimetype == "application/json"
    answer = got.get_json()["response"]
    assert answer[ids.VIEW_UPDATE]["data"]["country"] == country
    assert answer[ids.VIEW_UPDATE]["data"]["lang"] == state.lang and ids.DETAILS_BODY in answer


@pytest.fixture()
def refused(app):
    failure = ReloadFailure((Problem("engagements.csv", 3, 3, "category 'grs'"),),
                            dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.timezone.utc))
    app.live.reload_error = failure
    yield failure
    app.live.reload_error = None


def test_the_banner_comes_along_as_the_callback_would_send_it(app, client, refused):
    version = app.live.dataset.version
    got = ahead(client, "?lang=en", "click", "ARG", version)
    assert got.data == callback_answer(app, client, ViewState(), Playing(), "click", "ARG").data
    assert "engagements.csv:3:3" in json.dumps(got.get_json()["response"][ids.DATA_BANNER])
    shown = ahead(client, "?lang=en", "click", "ARG", version, banner=refused.failed_at.isoformat())
    assert ids.DATA_BANNER not in shown.get_json()["response"]  # the page shows it already


def test_a_pick_that_changes_nothing_or_moves_a_control_is_left_to_the_callback(app, client):
    version = app.live.dataset.version
    # The country shown: the callback would change nothing.
    assert ahead(client, "?lang=en&country=ARG", "click", "ARG", version).status_code == 204
    # A search for a country outside the regional focus moves the focus: the page's radio group would then call the
    # view callback again, so the pick asks it directly (its answer carries the focus's value).
    moved = callback_answer(app, client, ViewState(zoom="europe"), Playing(), "search", "ARG")
    assert moved.get_json()["response"][ids.MAP_ZOOM] == {"value": "south-america"}
    response = ahead(client, "?lang=en&zoom=europe", "search", "ARG", version)
    assert response.status_code == 204 and response.data == b""
    # Within the focus, the same search is answered.
    assert ahead(client, "?lang=en&zoom=europe", "search", "DEU", version).status_code == 200


def test_a_stale_data_version_is_refused_so_the_page_keeps_nothing(app, client):
    response = ahead(client, "?lang=en", "click", "ARG", "0123456789ab")
    assert response.status_code == 409
    assert response.headers["Cache-Control"] == "no-store"
    assert app.live.dataset.version in response.get_json()["error"]


VERSION = object()  # stands for the data version served


@pytest.mark.parametrize("query, names", [
    ("", "'view'"),
    ("pick=click&country=ARG&v=VERSION", "'view'"),
    ("view=%3Flang%3Den&country=ARG&v=VERSION", "'pick'"),
    ("view=%3Flang%3Den&pick=click&v=VERSION", "'country'"),
    ("view=%3Flang%3Den&pick=click&country=ARG", "'v'"),
    ("view=%3Flang%3Den&pick=hover&country=ARG&v=VERSION", "'pick'"),
    ("view=%3Flang%3Den&pick=click&country=ZZZ&v=VERSION", "'country'"),
    ("view=%3Flang%3Den&pick=click&country=arg&v=VERSION", "'country'"),
    ("view=%3Flang%3Den&pick=click&country=%3Cscript%3E&v=VERSION", "'country'"),
    ("view=%3Flang%3Den&pick=click&pick=click&country=ARG&v=VERSION", "'pick'"),
    ("view=%3Flang%3Den&pick=click&country=ARG&v=VERSION&x=1", "'x'"),
    ("view=%3Flang%3Den&pick=click&country=ARG&v=VERSION&banner=", "'banner'"),
    ("view=%3Flang%3Den&pick=click&country=ARG&v=" + "a" * 65, "'v'"),
    ("view=%3Fcountry%3DARG&pick=click&country=DEU&v=VERSION", "'view'"),  # not as the page keeps it: no lang
    ("view=%3Flang%3Den%26country%3DZZZ&pick=click&country=DEU&v=VERSION", "'view'"),
    ("view=%3Flang%3Den%26briefing%3Dnot-a-briefing&pick=click&country=DEU&v=VERSION", "'view'"),
    ("view=" + "%3Flang%3Den" * 2000 + "&pick=click&country=DEU&v=VERSION", "'view'"),
    ("view=%FF%FE&pick=click&country=DEU&v=VERSION", "'view'"),
], ids=lambda value: value[:60] if isinstance(value, str) else None)
def test_a_malformed_query_is_a_clear_400(app, client, query, names):
    response = client.get(f"{AHEAD_ROUTE}?{query.replace('VERSION', app.live.dataset.version)}")
    assert_clean(response)
    assert response.status_code == 400, response.data[:300]
    assert response.mimetype == "application/json" and response.headers["Cache-Control"] == "no-store"
    assert names in response.get_json()["error"]
    assert "<script" not in response.get_data(as_text=True)


def test_only_a_get_is_answered(client):
    response = client.post(f"{AHEAD_ROUTE}?view=%3Flang%3Den&pick=click&country=ARG&v=x")
    assert_clean(response)
    assert response.status_code == 405


def test_an_answer_is_kept_privately_for_a_while_and_revalidates(app, client):
    version = app.live.dataset.version
    response = ahead(client, "?lang=en", "click", "ARG", version)
    assert response.cache_control.private and response.cache_control.max_age == 60
    assert response.headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in response.headers
    again = client.get(f"{AHEAD_ROUTE}?{urlencode({'view': '?lang=en', 'pick': 'click', 'country': 'ARG', 'v': version})}",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_page_asks_the_route_the_server_serves():
    script = (Path(__file__).resolve().parents[2] / "assets" / "ahead.js").read_text(encoding="utf-8")
    assert re.search(r'const ROUTE = "([^"]+)"', script).group(1) == AHEAD_ROUTE.lstrip("/")  # relative to the page


def test_the_same_question_is_answered_once_per_data_and_reload_status(app, client, monkeypatch, refused):
    from dashboard.server import ahead as route

    computed = []
    original = route.answer_ahead
    monkeypatch.setattr(route, "answer_ahead", lambda *args: computed.append(args[-1]) or original(*args))
    version = app.live.dataset.version
    first = ahead(client, "?lang=fr&category=forum", "click", "MEX", version)
    again = ahead(client, "?lang=fr&category=forum", "click", "MEX", version)
    assert first.status_code == again.status_code == 200 and first.data == again.data and computed == ["MEX"]
    app.live.reload_error = None  # the reload status changed: the banner in the answer may differ
    assert ahead(client, "?lang=fr&category=forum", "click", "MEX", version).status_code == 200
    assert computed == ["MEX", "MEX"]


QUERY_VALUES = st.one_of(
    st.sampled_from(["?lang=en", "?lang=fr&country=ARG", "?lang=en&present=1&zoom=europe", "click", "search", "row",
                     "step", "ARG", "MEX", "arg", "ZZZ", "", "<script>alert(1)</script>", "\u0000", "\ud800", "%",
                     "?lang=en&briefing=x&step=2", "A" * 9000, "VERSION"]),
    st.text(max_size=40))


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.one_of(st.sampled_from(["view", "pick", "country", "v", "banner"]), st.text(max_size=8)),
                          QUERY_VALUES), max_size=7))
def test_any_query_is_answered_without_a_server_error(app, pairs):
    version = app.live.dataset.version
    query = urlencode([(name, value.replace("VERSION", version)) for name, value in pairs], errors="surrogatepass")
    response = app.server.test_client().get(f"{AHEAD_ROUTE}?{query}")
    assert response.status_code in (200, 204, 400, 409), (query[:200], response.status_code, response.data[:200])
    assert_clean(response)
