"""The callbacks' shape that makes one user action one request, and what the view callback leaves out of an answer
(what the page shows already), through the real app's callback route."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dash.development.base_component import Component

from dashboard.core.live import ReloadFailure
from dashboard.core.problems import Problem
from dashboard.core.state import ViewState, store_data
from dashboard.ui import ids
from dashboard.ui.components.layout import page
from tests.support.callbacks import body_for, callback_key, is_pattern, post, server_callbacks


def ids_in(tree) -> set[str]:
    found = set()
    if isinstance(tree, (list, tuple)):
        for child in tree:
            found |= ids_in(child)
    elif isinstance(tree, Component):
        if isinstance(getattr(tree, "id", None), str):
            found.add(tree.id)
        found |= ids_in(getattr(tree, "children", None))
    return found


def outputs_of(app, key: str) -> list[dict]:
    output = app.callback_map[key]["output"]
    return [{"id": o.component_id, "property": o.component_property} for o in (
        output if isinstance(output, (list, tuple)) else [output])]


# --- the shape --------------------------------------------------------------------------------------------------

def test_no_callback_has_pattern_matching_inputs(app):
    # Rows and headers of the text version appearing would call such a callback (assets/app.js hands them over).
    for key in server_callbacks(app):
        assert not any(is_pattern(item) for item in app.callback_map[key]["inputs"]), key


def test_no_server_callback_listens_to_the_view_state_or_the_address_bar_itself(app):
    for key in server_callbacks(app):
        inputs = {(item["id"], item["property"]) for item in app.callback_map[key]["inputs"]}
        assert (ids.VIEW_STATE, "data") not in inputs and (ids.URL, "search") not in inputs, key


def test_a_click_and_a_search_reach_the_view_callback_only_through_the_pages_hand_over(app):
    """The graph's clickData and the search box's value go to clientside callbacks (assets/ahead.js), which apply an
    answer fetched ahead or hand the pick on (ids.MAP_CLICK, ids.SEARCH_PICK): the box's value, which also follows
    every view the page shows, would otherwise call the view callback again."""
    inputs = {(item["id"], item["property"]) for key in server_callbacks(app) for item in app.callback_map[key]["inputs"]}
    assert (ids.MAP_GRAPH, "clickData") not in inputs and (ids.SEARCH_COUNTRY, "value") not in inputs
    view = callback_key(app, ids.MAP_CLICK, "data")
    assert callback_key(app, ids.SEARCH_PICK, "data") == view


def test_only_the_render_of_the_page_writes_outside_the_page(app):
    """Dash calls a callback again when a render of the page brings its inputs, unless every one of its outputs is
    inside what was rendered (measured on Dash 4.4.1's renderer; tests/browser/test_requests.py checks the page)."""
    live = app.live
    inside = ids_in(page(live.dataset, ViewState(), app.urls.geojson_url, app.urls.topojson_url))
    render = callback_key(app, ids.URL_SEARCH, "data")
    for key in server_callbacks(app):
        outside = [o for o in outputs_of(app, key) if o["id"] not in inside]
        assert (outside == []) != (key == render), (key, outside)


def test_every_callback_the_page_gets_has_outputs_of_its_own(client):
    # Dash names a callback without outputs by its inputs: two on the same input would be one.
    callbacks = client.get("/_dash-dependencies").get_json()
    outputs = [callback["output"] for callback in callbacks]
    assert len(outputs) == len(set(outputs))
    functions = sorted(c["clientside_function"]["function_name"] for c in callbacks if c.get("clientside_function"))
    assert functions == ["adoptView", "followView", "legendPressed", "mapClick", "pageClass", "print", "searchPick",
                         "toggleCategory", "urlChanged"]


# --- what an answer leaves out --------------------------------------------------------------------------------------

def view_answer(app, client, trigger: str, value, current: ViewState, banner: str | None = None) -> dict:
    key = callback_key(app, ids.MAP_CLICK, "data")
    callback = app.callback_map[key]
    values = [value if item["id"] == trigger else None for item in callback["inputs"]]
    for index, item in enumerate(callback["inputs"]):
        if item["id"] == ids.FILTER_CATEGORY:
            values[index] = list(current.categories)
    states = [{**store_data(current, "url"), "banner": banner}, True, None]
    body = body_for(app, key, values, states)
    prop = next(item["property"] for item in callback["inputs"] if item["id"] == trigger)
    body["changedPropIds"] = [f"{trigger}.{prop}"]
    response = post(client, body)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["response"]


def test_a_click_sends_the_details_not_the_map_nor_the_banner_it_shows_already(app, client):
    answer = view_answer(app, client, ids.MAP_CLICK, {"points": [{"location": "ARG"}]}, ViewState())
    assert ids.MAP_GRAPH not in answer and ids.DATA_BANNER not in answer
    assert "Programa Siria" in json.dumps(answer[ids.DETAILS_BODY])
    assert answer[ids.DETAILS_CLEAR] == {"hidden": False} and answer[ids.SEARCH_COUNTRY] == {"value": "ARG"}
    assert answer[ids.VIEW_UPDATE]["data"]["country"] == "ARG"
    # From one country to another: the clear button is shown already.
    answer = view_answer(app, client, ids.MAP_CLICK, {"points": [{"location": "DEU"}]}, ViewState(country="ARG"))
    assert ids.DETAILS_CLEAR not in answer and answer[ids.SEARCH_COUNTRY] == {"value": "DEU"}


def test_a_search_leaves_the_search_box_alone(app, client):
    answer = view_answer(app, client, ids.SEARCH_PICK, {"iso3": "MEX", "at": 1}, ViewState())
    assert ids.SEARCH_COUNTRY not in answer and "Mexico" in json.dumps(answer[ids.DETAILS_BODY])


@pytest.fixture()
def refused(app):
    failure = ReloadFailure((Problem("engagements.csv", 3, 3, "category 'grs'"),), dt.datetime(2026, 12, 2, 12, 0,
                                                                                               tzinfo=dt.timezone.utc))
    app.live.reload_error = failure
    yield failure
    app.live.reload_error = None


def test_the_banner_comes_with_the_answer_when_it_changed_since_the_page_showed_it(app, client, refused):
    answer = view_answer(app, client, ids.MAP_CLICK, {"points": [{"location": "ARG"}]}, ViewState())
    assert answer[ids.DATA_BANNER]["hidden"] is False
    assert "engagements.csv:3:3" in json.dumps(answer[ids.DATA_BANNER]["children"])
    stamp = answer[ids.VIEW_UPDATE]["data"]["banner"]
    assert stamp == refused.failed_at.isoformat()
    again = view_answer(app, client, ids.MAP_CLICK, {"points": [{"location": "DEU"}]}, ViewState(country="ARG"),
                        banner=stamp)
    assert ids.DATA_BANNER not in again  # shown already


def test_a_fixed_reload_takes_the_banner_away(app, client):
    answer = view_answer(app, client, ids.MAP_CLICK, {"points": [{"location": "ARG"}]}, ViewState(),
                         banner="2026-12-02T12:00:00+00:00")
    assert answer[ids.DATA_BANNER] == {"children": [], "hidden": True}


def test_a_reset_sends_the_filter_controls(app, client):
    current = ViewState(categories=("grsi",), confirmed_only=True, country="ARG")
    answer = view_answer(app, client, ids.FILTER_RESET, 1, current)
    assert answer[ids.FILTER_CATEGORY] == {"value": ["mpdp", "grsi", "forum"]}
    assert answer[ids.FILTER_CONFIRMED] == {"value": []}
    assert answer[ids.VIEW_UPDATE]["data"]["country"] == "ARG" and ids.MAP_GRAPH in answer


def test_a_focus_leaves_the_radio_group_alone_and_brings_the_page_class(app, client):
    answer = view_answer(app, client, ids.MAP_ZOOM, "asia-pacific", ViewState(country="ARG"))
    assert ids.MAP_ZOOM not in answer and ids.MAP_GRAPH in answer  # the camera and the markers
    assert answer[ids.VIEW_UPDATE]["data"]["page_class"] == "page has-country open-left"
    # A country chosen by name outside the focus moves the focus: then the radio group is told.
    answer = view_answer(app, client, ids.SEARCH_PICK, {"iso3": "ARG"}, ViewState(zoom="europe"))
    assert answer[ids.MAP_ZOOM] == {"value": "south-america"}


def test_back_steps_views_a_briefer_would_name_not_checkbox_ticks(app, client):
    """A tick of a filter replaces the address's entry; a country, a focus, a program, the Show list, presentation
    mode and a reset each add one (assets/app.js syncUrl reads "history")."""
    def history(trigger, value, current=ViewState()):
        return view_answer(app, client, trigger, value, current)[ids.VIEW_UPDATE]["data"]["history"]

    assert history(ids.FILTER_YEARS, [2018, 2019]) == "replace"
    assert history(ids.FILTER_CONFIRMED, ["yes"]) == "replace"
    assert history(ids.FILTER_PROGRAM, ["IGC"]) == "push"
    assert history(ids.SEARCH_PICK, {"iso3": "ARG"}) == "push"
    assert history(ids.MAP_ZOOM, "europe") == "push"
    assert history(ids.PRESENT_SHOW, "program:M5", ViewState(presenting=True)) == "push"
    assert history(ids.PRESENT_TOGGLE, 1) == "push"
    assert history(ids.FILTER_RESET, 1, ViewState(categories=("grsi",))) == "push"


def test_the_show_list_picks_a_forum_and_closes_the_country(app, client):
    answer = view_answer(app, client, ids.PRESENT_SHOW, "program:M5", ViewState(country="ARG", presenting=True))
    view = answer[ids.VIEW_UPDATE]["data"]
    assert view["programs"] == ["M5"] and view["country"] is None and view["presenting"] is True
    assert view["page_class"] == "page presenting has-forum"
    assert answer[ids.FILTER_PROGRAM] == {"value": ["M5"]}  # the filter panel follows
    assert ids.PRESENT_SHOW not in answer  # the list shows it already
