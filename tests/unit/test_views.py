"""Regional focus (dashboard.core.views), the camera and marker placement (dashboard.core.placement), the zoom in
the URL and in the next state, and what a change of focus sends (dashboard.ui.figures, dashboard.ui.updates)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dashboard.core import filtering, look, placement
from dashboard.core.state import Event, from_store, next_state, parse_query, to_query, vocabulary
from dashboard.core.state import ViewState
from dashboard.core.views import DEFAULT_ZOOM, REGION_VIEWS, VIEWS, WORLD, ZOOMS, view_for_point
from dashboard.ui import figures
from dashboard.ui.updates import view_update

FRAME = look.SMALLEST_MAP_FRAME


def test_the_regional_views_are_the_issues_seven_in_button_order():
    assert ZOOMS == ("world", "north-america", "central-america-caribbean", "south-america", "europe",
                     "africa-middle-east", "asia-pacific")
    assert DEFAULT_ZOOM == "world" and REGION_VIEWS[0] is WORLD
    for view in REGION_VIEWS:
        assert view.lon[0] < view.lon[1] and view.lat[0] < view.lat[1]
        assert WORLD.lon[0] <= view.lon[0] and view.lon[1] <= WORLD.lon[1]
        assert view.open_side in ("left", "right")


@pytest.mark.parametrize("iso3, zoom", [("MEX", "central-america-caribbean"), ("CAN", "north-america"),
                                        ("ARG", "south-america"), ("DEU", "europe"), ("MAR", "africa-middle-east"),
                                        ("NZL", "asia-pacific"), ("AUS", "asia-pacific")])
def test_each_region_holds_the_countries_a_briefer_names_for_it(dataset, iso3, zoom):
    lon, lat = dataset.countries.loc[iso3, ["label_lon", "label_lat"]]
    assert VIEWS[zoom].holds(lon, lat)
    assert view_for_point("world", lon, lat) == "world"  # the world shows everything: no jump
    assert view_for_point("europe" if zoom != "europe" else "asia-pacific", lon, lat) == zoom


def test_a_point_already_in_view_keeps_the_focus():
    lon, lat = -99.0, 23.0  # Mexico: in both North America and Central America's boxes
    assert view_for_point("north-america", lon, lat) == "north-america"
    assert view_for_point("europe", lon, lat) == "central-america-caribbean"  # the smaller box frames it better
    assert view_for_point("asia-pacific", -30.0, -80.0) == "world"  # held by no region


def test_zoom_round_trips_through_the_url_and_the_store(dataset):
    vocab = vocabulary(dataset)
    state = parse_query(vocab, "?zoom=central-america-caribbean&lang=fr")
    assert state.zoom == "central-america-caribbean"
    assert to_query(state) == "?lang=fr&zoom=central-america-caribbean"
    assert parse_query(vocab, to_query(state)) == state
    assert from_store(vocab, state.to_store()) == state
    assert "zoom" not in to_query(ViewState())  # the default is left out


@pytest.mark.parametrize("value", ["moon", "", "EUROPE", "europe,asia-pacific", "1"])
def test_a_malformed_zoom_is_ignored(dataset, value):
    assert parse_query(vocabulary(dataset), f"?zoom={value}&country=ARG") == ViewState(country="ARG")


def test_a_zoom_event_sets_the_focus_and_nothing_else(dataset):
    vocab = vocabulary(dataset)
    previous = ViewState(country="ARG", presenting=True)
    args = (list(previous.categories), [], [], None, [])
    state = next_state(vocab, previous, Event("zoom", zoom="europe"), *args)
    assert state == previous.replace(zoom="europe")
    assert next_state(vocab, previous, Event("zoom", zoom="mars"), *args).zoom == "world"
    assert next_state(vocab, state, Event("filters"), *args).zoom == "europe"  # filters keep the focus


@pytest.mark.parametrize("kind", ["search", "row", "step"])
def test_a_country_chosen_by_name_outside_the_focus_is_brought_into_view(dataset, kind):
    vocab = vocabulary(dataset)
    previous = ViewState(zoom="europe")
    args = (list(previous.categories), [], [], None, [])
    assert next_state(vocab, previous, Event(kind, "MEX"), *args).zoom == "central-america-caribbean"
    assert next_state(vocab, previous, Event(kind, "DEU"), *args).zoom == "europe"  # already in view


def test_a_click_never_moves_the_camera(dataset):
    vocab = vocabulary(dataset)
    previous = ViewState(zoom="europe")
    args = (list(previous.categories), [], [], None, [])
    assert next_state(vocab, previous, Event("click", "MEX"), *args).zoom == "europe"


def test_the_camera_zooms_inside_the_worlds_frame():
    world = figures.camera(ViewState())
    assert world["projection"] == {"type": "natural earth", "scale": 1.0}
    assert world["lonaxis"]["range"] == [-180.0, 180.0] and world["lataxis"]["range"] == [-58.0, 85.0]
    for view in REGION_VIEWS[1:]:
        camera = figures.camera(ViewState(zoom=view.key))
        assert camera["lonaxis"] == world["lonaxis"] and camera["lataxis"] == world["lataxis"]  # same frame
        assert camera["projection"]["scale"] > 1.2
        assert view.holds(camera["center"]["lon"], camera["center"]["lat"])


def markers_of(dataset, state: ViewState) -> tuple[np.ndarray, np.ndarray]:
    layers = figures.map_layers(dataset, state)
    lon = np.concatenate([layers[c]["lon"] for c in ("mpdp", "grsi", "forum")])
    lat = np.concatenate([layers[c]["lat"] for c in ("mpdp", "grsi", "forum")])
    return lon, lat


@pytest.mark.parametrize("zoom", ZOOMS)
def test_markers_never_overlap_on_a_regional_view_and_hide_at_most_half_on_the_world(dataset, zoom):
    lon, lat = markers_of(dataset, ViewState(zoom=zoom))
    worst = placement.worst_overlap(lon, lat, VIEWS[zoom], FRAME, look.MARKER_BOX)
    assert worst <= (0.5 if zoom == "world" else 0.0), (zoom, worst)


def test_without_the_placement_the_world_is_a_heap(dataset):
    zoom = "world"
    layers = figures.map_layers(dataset, ViewState())
    codes = [code for c in ("mpdp", "grsi", "forum") for code in layers[c]["customdata"] if c != "mpdp" or code != "MEX"]
    raw = dataset.countries.loc[sorted(set(codes)), ["label_lon", "label_lat"]].to_numpy()  # one per country
    assert placement.worst_overlap(raw[:, 0], raw[:, 1], VIEWS[zoom], FRAME, look.MARKER_BOX) > 0.5


def test_moved_markers_get_leader_lines_back_to_their_country(dataset):
    layers = figures.map_layers(dataset, ViewState())
    leaders = layers["leaders"]
    assert len(leaders["lon"]) == len(leaders["lat"]) and len(leaders["lon"]) % 3 == 0 and leaders["lon"]
    starts = {(leaders["lon"][i], leaders["lat"][i]) for i in range(0, len(leaders["lon"]), 3)}
    points = {(round(float(a), 3), round(float(b), 3))
              for a, b in dataset.countries[["label_lon", "label_lat"]].to_numpy()}
    assert starts <= points  # each line starts at a country's point
    assert all(leaders["lon"][i] is None for i in range(2, len(leaders["lon"]), 3))


def test_markers_off_the_view_stay_where_they_are():
    lon, lat = np.array([10.0, 10.0, 150.0]), np.array([50.0, 50.0, -30.0])
    new_lon, new_lat, moved = placement.spread(lon, lat, [0, 0, 0], VIEWS["europe"], FRAME, 16)
    assert (new_lon[2], new_lat[2]) == pytest.approx((150.0, -30.0)) and moved[2] == pytest.approx(0, abs=1e-6)
    assert moved[0] > 0 and moved[1] > 0 and new_lon[0] != new_lon[1]  # the two in view moved apart


def test_a_change_of_focus_sends_the_camera_and_the_markers_only(dataset):
    previous = ViewState(country="MEX")
    state = previous.replace(zoom="central-america-caribbean")
    parts = view_update(dataset, state, {"zoom"})
    assert set(parts) == {"figure", "zoom_value", "language_href"}  # the page class rides in the view state
    assert parts["zoom_value"] == "central-america-caribbean"
    operations = json.loads(json.dumps(parts["figure"].to_plotly_json()))["operations"]
    touched = {tuple(op["location"]) for op in operations}
    assert ("layout", "geo", "center") in touched and ("layout", "geo", "projection", "scale") in touched
    assert ("layout", "uirevision") in touched
    layers = {op["location"][1] for op in operations if op["location"][0] == "data"}
    assert layers == {figures.LEADERS, *figures.MARKERS}  # the markers and their lines: no shapes, no fills
    assert len(json.dumps(operations)) < 4000


def test_the_placement_is_computed_once_per_view(dataset, monkeypatch):
    calls = []
    spread = placement.spread
    monkeypatch.setattr(placement, "spread", lambda *args: calls.append(1) or spread(*args))
    figures._PLACEMENTS.clear()
    state = ViewState(zoom="europe", categories=("forum",))
    first = figures.map_layers(dataset, state)
    again = figures.map_layers(dataset, state)
    assert first["forum"]["lon"] == again["forum"]["lon"] and len(calls) == 1
    summary = filtering.country_summary(filtering.filter_engagements(dataset.engagements, state.filters))
    figures.map_layers(dataset, state.replace(zoom="asia-pacific"), summary)
    assert len(calls) == 2
