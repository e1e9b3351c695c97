"""Tests for dashboard.figures on the fixture data: the base map's traces, the Patch that updates it, hover text."""

from __future__ import annotations

import copy
import dataclasses
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard.core import filtering, load, text
from dashboard.ui import figures
from dashboard.core.state import ViewState

GEOJSON_URL = "/data/countries.geojson?v=test"
TRACE_NAMES = ["base", "engaged", "small", *filtering.CATEGORIES]


def figure_json(figure) -> dict:
    """The figure as the browser gets it; also checks that plotly accepts it (base_figure skips that at run time)."""
    go.Figure(figure)
    return json.loads(json.dumps(figure, cls=PlotlyJSONEncoder))


def patch_json(patch) -> dict:
    return json.loads(json.dumps(patch.to_plotly_json(), cls=PlotlyJSONEncoder))


def keys_anywhere(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_anywhere(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_anywhere(v)}
    return set()


def countries_in(dataset: load.Dataset, category: str, rows: pd.DataFrame | None = None) -> list[str]:
    rows = dataset.engagements if rows is None else rows
    return sorted(set(rows.loc[rows["category"] == category, "iso3"]))


# --- the base figure --------------------------------------------------------------------------------------------

def test_base_figure_traces(dataset):
    traces = figure_json(figures.base_figure(dataset, GEOJSON_URL, ViewState()))["data"]
    names = [t.get("name") for t in traces]
    expected = {figures.BASE: "base", figures.ENGAGED: "engaged", figures.SMALL: "small",
                **{figures.MARKER_TRACE[c]: c for c in filtering.CATEGORIES}}
    # Patches address traces by position: each position the module names holds the trace of that name.
    assert {position: names[position] for position in expected} == expected
    assert len(set(names)) == len(names)
    base, engaged, small = traces[figures.BASE], traces[figures.ENGAGED], traces[figures.SMALL]
    assert base["type"] == engaged["type"] == "choropleth"
    assert sorted(base["locations"]) == sorted(dataset.countries.index)
    assert len(base["locations"]) == len(dataset.countries)
    assert sorted(engaged["locations"]) == sorted(set(dataset.engagements["iso3"]))
    assert small["type"] == "scattergeo"
    assert sorted(small["customdata"]) == sorted(dataset.small_states)
    for category in filtering.CATEGORIES:
        trace = traces[figures.MARKER_TRACE[category]]
        assert trace["type"] == "scattergeo"
        assert sorted(trace["customdata"]) == countries_in(dataset, category), category
        assert len(trace["lon"]) == len(trace["lat"]) == len(trace["customdata"]) == len(trace["text"])


def test_base_figure_fetches_shapes_by_url(dataset):
    figure = figure_json(figures.base_figure(dataset, GEOJSON_URL, ViewState()))
    choropleths = [t for t in figure["data"] if t["type"] == "choropleth"]
    assert len(choropleths) >= 2
    assert {t["geojson"] for t in choropleths} == {GEOJSON_URL}
    text = json.dumps(figure)
    assert '"coordinates"' not in text and "FeatureCollection" not in text
    assert len(text) < 100_000


@pytest.mark.parametrize("state", [
    ViewState(categories=("grsi",)), ViewState(categories=("mpdp",)), ViewState(confirmed_only=True),
    ViewState(categories=()), ViewState(years=(2019, 2019), regions=("europe",)), ViewState(lang="fr"),
], ids=["grsi", "mpdp", "confirmed", "none", "years-region", "fr"])
def test_fill_colorscale_does_not_follow_the_filters(dataset, state):
    reference = figure_json(figures.base_figure(dataset, GEOJSON_URL, ViewState()))["data"][figures.ENGAGED]
    engaged = figure_json(figures.base_figure(dataset, GEOJSON_URL, state))["data"][figures.ENGAGED]
    assert (engaged["zmin"], engaged["zmax"]) == (reference["zmin"], reference["zmax"])
    assert engaged["zmin"] < 1 and engaged["zmax"] > filtering.SEVERAL
    assert engaged["colorscale"] == reference["colorscale"]
    assert engaged.get("zauto") in (None, False)


def test_fill_codes_map_to_four_distinct_colours(dataset):
    engaged = figure_json(figures.base_figure(dataset, GEOJSON_URL, ViewState()))["data"][figures.ENGAGED]
    scale = engaged["colorscale"]
    zmin, zmax = engaged["zmin"], engaged["zmax"]

    def colour(code: int) -> str:
        position = (code - zmin) / (zmax - zmin)
        return [c for p, c in scale if p <= position][-1]

    colours = [colour(code) for code in (1, 2, 3, filtering.SEVERAL)]
    assert len(set(colours)) == 4


# --- map layers and the Patch -----------------------------------------------------------------------------------

def test_map_layers_grsi_only(dataset):
    layers = figures.map_layers(dataset, ViewState(categories=("grsi",)))
    expected = ["ARG", "DEU", "ESP", "GBR", "IRL", "NZL"]
    assert sorted(layers["engaged"]["locations"]) == expected
    assert layers["engaged"]["z"] == [(filtering.CATEGORIES.index("grsi") + 1)] * 6
    assert sorted(layers["grsi"]["customdata"]) == expected
    assert layers["mpdp"]["customdata"] == [] and layers["forum"]["customdata"] == []


def test_map_layers_follow_each_filter(dataset):
    rows = filtering.filter_engagements(dataset.engagements, ViewState(regions=("europe",), confirmed_only=True).filters)
    layers = figures.map_layers(dataset, ViewState(regions=("europe",), confirmed_only=True))
    assert sorted(layers["engaged"]["locations"]) == sorted(set(rows["iso3"]))
    for category in filtering.CATEGORIES:
        assert sorted(layers[category]["customdata"]) == countries_in(dataset, category, rows)


def test_map_layers_with_nothing_selected_are_empty(dataset):
    layers = figures.map_layers(dataset, ViewState(categories=()))
    assert layers["engaged"] == {"locations": [], "z": []}
    for category in filtering.CATEGORIES:
        assert layers[category]["customdata"] == [] and layers[category]["lon"] == []


def test_markers_of_one_country_sit_side_by_side(dataset):
    layers = figures.map_layers(dataset, ViewState())
    label = dataset.countries.loc["MEX"]  # MEX has an MPDP project and is an RCM member
    lons = []
    for category in ("mpdp", "forum"):
        position = layers[category]["customdata"].index("MEX")
        lons.append(layers[category]["lon"][position])
        assert layers[category]["lat"][position] == pytest.approx(label["label_lat"], abs=0.01)
    assert lons[0] != lons[1]
    assert sum(lons) / 2 == pytest.approx(label["label_lon"], abs=0.01)
    single = layers["forum"]["customdata"].index("COL")  # one category: right on its label point
    assert layers["forum"]["lon"][single] == pytest.approx(dataset.countries.at["COL", "label_lon"], abs=0.01)


def test_unconfirmed_markers_look_different(dataset):
    trace = figure_json(figures.base_figure(dataset, GEOJSON_URL, ViewState()))["data"][figures.MARKER_TRACE["forum"]]
    count = len(trace["customdata"])

    def per_point(marker: dict, prefix: str = "") -> dict:
        found = {}
        for key, value in marker.items():
            if isinstance(value, dict):
                found.update(per_point(value, f"{prefix}{key}."))
            elif isinstance(value, list) and len(value) == count:
                found[prefix + key] = value
        return found

    arrays = per_point(trace["marker"])
    style = {iso3: tuple(values[i] for values in arrays.values()) for i, iso3 in enumerate(trace["customdata"])}
    # BEL's only forum row (IGC) is unconfirmed; COL and CRI are confirmed RCM members.
    assert style["BEL"] != style["COL"]
    assert style["COL"] == style["CRI"]
    assert style["BEL"] == style["DNK"]


def test_map_patch_carries_values_only(dataset, capsys):
    patch = patch_json(figures.map_patch(dataset, ViewState(categories=("grsi", "forum"), lang="fr")))
    text = json.dumps(patch)
    with capsys.disabled():
        print(f"\nmap_patch JSON: {len(text):,} bytes")
    assert "coordinates" not in text
    assert "geojson" not in keys_anywhere(patch)
    assert len(text.encode()) < 20_000
    assert {op["location"][0] for op in patch["operations"]} == {"data"}  # never the layout
    touched = {op["location"][1] for op in patch["operations"]}
    assert {figures.ENGAGED, *figures.MARKERS} <= touched
    assert figures.BASE not in touched and figures.SMALL not in touched  # the static layers are sent once
    assert all(op["operation"] == "Assign" for op in patch["operations"])


def apply_assigns(figure: dict, patch: dict) -> dict:
    result = copy.deepcopy(figure)
    for operation in patch["operations"]:
        assert operation["operation"] == "Assign", operation
        *path, last = operation["location"]
        target = result
        for step in path:
            target = target[step]
        target[last] = operation["params"]["value"]
    return result


@pytest.mark.parametrize("state", [
    ViewState(categories=("grsi",)), ViewState(lang="fr", regions=("north-america",)), ViewState(categories=()),
    ViewState(years=(2017, 2018), confirmed_only=True), ViewState(categories=("forum",), country="ARG"),
], ids=["grsi", "fr-north-america", "none", "years-confirmed", "forum-ARG"])
def test_patch_on_the_default_map_equals_the_map_built_for_the_state(dataset, state):
    default = figure_json(figures.base_figure(dataset, GEOJSON_URL, ViewState(lang=state.lang)))
    patched = apply_assigns(default, patch_json(figures.map_patch(dataset, state)))
    wanted = figure_json(figures.base_figure(dataset, GEOJSON_URL, state))
    assert len(patched["data"]) == len(wanted["data"])
    for index in range(len(wanted["data"])):
        for key in ("locations", "z", "text", "lon", "lat", "customdata", "marker"):
            assert patched["data"][index].get(key) == wanted["data"][index].get(key), (index, key)


# --- text -------------------------------------------------------------------------------------------------------

def test_hover_text_escapes_html_from_the_data(dataset):
    countries = dataset.countries.copy()
    countries.loc["ARG", "name_en"] = "<script>x</script>"
    countries.loc["ARG", "name_fr"] = "<img src=x onerror=alert(1)>"
    hostile = dataclasses.replace(dataset, countries=countries)
    for lang, escaped, raw in (("en", "&lt;script&gt;x&lt;/script&gt;", "<script>"),
                               ("fr", "&lt;img src=x onerror=alert(1)&gt;", "<img")):
        state = ViewState(lang=lang)
        layers = figures.map_layers(hostile, state)
        grsi = dict(zip(layers["grsi"]["customdata"], layers["grsi"]["text"]))
        assert escaped in grsi["ARG"] and raw not in grsi["ARG"]
        base = figure_json(figures.base_figure(hostile, GEOJSON_URL, state))["data"][figures.BASE]
        text = dict(zip(base["locations"], base["text"]))["ARG"]
        assert escaped in text and raw not in text
    assert dataset.countries.at["ARG", "name_en"] == "Argentina"  # the shared data set was not touched


def test_hover_text_lists_engagements_and_caps_long_lists(dataset):
    texts = figures.hover_texts(dataset, "en")
    assert texts["ARG"].startswith("<b>Argentina</b><br>")
    assert "◆ GRSI · Partner program · From 2014" in texts["ARG"]  # Programa Siria, in operation from 2014
    assert texts["FRA"] == "<b>France</b><br>No engagement recorded"
    assert set(texts.index) == set(dataset.countries.index)
    many = pd.concat([dataset.engagements[dataset.engagements["iso3"] == "CAN"]] * 2, ignore_index=True)
    assert len(many) > figures.HOVER_LINES
    text = figures.hover_texts(dataclasses.replace(dataset, engagements=many), "en")["CAN"]
    assert text.count("<br>") == figures.HOVER_LINES + 1  # name, eight lines, then the "more" line
    assert text.endswith(f"… and {len(many) - figures.HOVER_LINES} more")


@pytest.mark.parametrize("start, end, en, fr", [
    (None, None, "Years unknown", "Années inconnues"),
    (pd.NA, pd.NA, "Years unknown", "Années inconnues"),
    (np.nan, np.nan, "Years unknown", "Années inconnues"),
    (2014, None, "From 2014", "Depuis 2014"),
    (2014, pd.NA, "From 2014", "Depuis 2014"),
    (None, 2013, "Until 2013", "Jusqu'en 2013"),
    (pd.NA, np.int64(2013), "Until 2013", "Jusqu'en 2013"),
    (2019, 2019, "2019", "2019"),
    (2019, 2020, "2019 to 2020", "2019 à 2020"),
    (np.int64(2017), np.int64(2018), "2017 to 2018", "2017 à 2018"),
    (2017.0, 2018.0, "2017 to 2018", "2017 à 2018"),
])
def test_years_text(start, end, en, fr):
    assert text.years_text(start, end, "en") == en
    assert text.years_text(start, end, "fr") == fr


def test_years_text_of_the_real_int64_column(dataset):
    row = dataset.engagements.set_index("id").loc["igc-can-chair"]
    assert text.years_text(row["start_year"], row["end_year"], "en") == "2019 to 2020"
    row = dataset.engagements.set_index("id").loc["igc-bel"]
    assert text.years_text(row["start_year"], row["end_year"], "fr") == "Années inconnues"


def row(**values) -> pd.Series:
    base = {"program": "IGC", "role": "chair", "start_year": pd.NA, "end_year": pd.NA, "confirmed": True,
            "category": "forum"}
    return pd.Series({**base, **values})


def test_engagement_line_marks_unconfirmed_rows():
    unconfirmed = row(start_year=2019, end_year=2020, confirmed=False)
    assert text.engagement_line(unconfirmed, "en") == "IGC · Chair · 2019 to 2020 · Not confirmed"
    assert text.engagement_line(unconfirmed, "fr") == "CIG · Présidence · 2019 à 2020 · À confirmer"
    confirmed = row(start_year=2019, end_year=2020, confirmed=True)
    assert text.engagement_line(confirmed, "en") == "IGC · Chair · 2019 to 2020"
    assert "Not confirmed" not in text.engagement_line(confirmed, "en")


def test_engagement_line_leaves_unknown_years_out():
    assert text.engagement_line(row(program="RCM", role="observer"), "en") == "RCM · Observer"
    assert text.engagement_line(row(program="MPDP", role="project-location", start_year=2015, confirmed=False),
                                   "fr") == "PEPM · Lieu de projet · Depuis 2015 · À confirmer"


def test_engagement_line_on_loaded_rows(dataset):
    lines = {r["id"]: text.engagement_line(r, "en") for _, r in dataset.engagements.iterrows()}
    unconfirmed = set(dataset.engagements.loc[~dataset.engagements["confirmed"], "id"])
    assert unconfirmed  # the data has unconfirmed attributions (IGC roster, MPDP countries)
    assert {i for i, text in lines.items() if text.endswith("Not confirmed")} == unconfirmed


def test_country_name(dataset):
    assert text.country_name(dataset, "DEU", "en") == "Germany"
    assert text.country_name(dataset, "DEU", "fr") == "Allemagne"
    assert text.country_name(dataset, "DEU", "xx") == "Germany"
