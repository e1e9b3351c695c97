"""Tests for dashboard.ui.updates.view_update: what one change of view sends to the page, on the fixture data."""

from __future__ import annotations

import itertools
import json

import pytest
from dash import Patch
from dash.development.base_component import Component
from plotly.utils import PlotlyJSONEncoder

from dashboard.core import filtering, i18n
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import CHANGES, ViewState, changes, to_query
from dashboard.core.text import summary_line
from dashboard.ui import figures
from dashboard.ui.callbacks.view import OUTPUTS
from dashboard.ui.components.details import details_body
from dashboard.core.tables import engagement_table
from dashboard.ui.components.text_version import table_children
from dashboard.ui.updates import CONTROLS, PARTS, control_values, view_update

LEGEND = {f"legend_count_{c}" for c in CATEGORIES}
# The presenter's "Show" list too (the view callback leaves it out when its value is the same).
FILTER_PARTS = {"figure", *LEGEND, "summary", "language_href", "present_show"}
# Not the figure: the outline of a new selection is drawn in the browser (assets/app.js, outlineSelection).
COUNTRY_PARTS = {"details", "details_clear_hidden", "search_value", "language_href"}
# The page's class follows the view state in the browser (assets/app.js, pageClass).
PRESENT_PARTS = {"present_label", "present_pressed", "language_href"}


def as_json(value) -> object:
    """A Patch, a component tree or a value as the browser gets it."""
    if isinstance(value, Patch):
        value = value.to_plotly_json()
    return json.loads(json.dumps(value, cls=PlotlyJSONEncoder))


def ids_in(node) -> set:
    """Every component id in a tree (string ids; pattern ids as their JSON)."""
    found = set()
    if isinstance(node, (list, tuple)):
        for child in node:
            found |= ids_in(child)
    elif isinstance(node, Component):
        component_id = getattr(node, "id", None)
        if component_id is not None:
            found.add(component_id if isinstance(component_id, str) else json.dumps(component_id, sort_keys=True))
        found |= ids_in(getattr(node, "children", None))
    return found


def update(dataset, previous: ViewState | None, state: ViewState) -> dict:
    """The update for a real change, with `changed` as store_data computes it."""
    return view_update(dataset, state, set(changes(previous, state)))


def class_names(tree) -> list[str]:
    return [getattr(c, "className", None) or "" for c in tree if isinstance(c, Component)]


# --- the parts and the outputs -----------------------------------------------------------------------------------

def test_every_part_has_one_output_in_order():
    assert tuple(OUTPUTS) == (*PARTS, "briefing_panel", "briefing_caption")  # the briefing's two: its actions
    assert len(set(PARTS)) == len(PARTS)


def test_every_output_is_a_component_of_the_app(app):
    known = ids_in(app.validation_layout)
    missing = {name: output.component_id for name, output in OUTPUTS.items() if output.component_id not in known}
    assert missing == {}
    # And the first layout a browser gets (the shell) holds the page the outputs live in.
    assert "page" in ids_in(app.layout)


@pytest.mark.parametrize("state", [ViewState(), ViewState(lang="fr", country="ARG", programs=("IGC",)),
                                   ViewState(categories=(), presenting=True)], ids=["default", "fr-ARG-IGC", "none"])
def test_only_known_parts_are_sent(dataset, state):
    other = to_query(state.replace(lang="fr" if state.lang == "en" else "en"))
    for changed in (set(c) for n in range(len(CHANGES) + 1) for c in itertools.combinations(CHANGES, n)):
        parts = view_update(dataset, state, changed)
        assert set(parts) <= set(PARTS), changed
        assert parts["language_href"] == other, changed


def test_no_change_sends_only_the_language_link(dataset):
    assert view_update(dataset, ViewState(country="ARG"), set()) == {"language_href": "?lang=fr&country=ARG"}


# --- filters -----------------------------------------------------------------------------------------------------

def test_a_filter_change_sends_the_map_counts_and_summary(dataset):
    state = ViewState(categories=("grsi",))
    parts = update(dataset, ViewState(), state)
    assert set(parts) == FILTER_PARTS  # no details: no country selected, no single program chosen
    assert isinstance(parts["figure"], Patch)
    assert as_json(parts["figure"]) == as_json(figures.map_patch(dataset, state))
    assert (parts["legend_count_grsi"], parts["legend_count_mpdp"], parts["legend_count_forum"]) == (
        "6 countries", "0 countries", "0 countries")
    rows = filtering.filter_engagements(dataset.engagements, state.filters)
    assert parts["summary"] == summary_line(rows, "en")
    assert "6 countries" in parts["summary"]
    assert parts["language_href"] == "?lang=fr&category=grsi"


def test_a_filter_change_speaks_the_states_language(dataset):
    state = ViewState(lang="fr", regions=("europe",))
    parts = update(dataset, ViewState(lang="fr"), state)
    rows = filtering.filter_engagements(dataset.engagements, state.filters)
    counts = {c: rows.loc[rows["category"] == c, "iso3"].nunique() for c in CATEGORIES}
    for category in CATEGORIES:
        assert parts[f"legend_count_{category}"] == i18n.plural("countries_count", counts[category], "fr")
    assert parts["summary"] == summary_line(rows, "fr")
    assert parts["language_href"] == "?lang=en&region=europe"


def test_a_filter_change_with_a_country_selected_also_sends_its_details(dataset):
    previous = ViewState(country="ARG")
    state = previous.replace(categories=("forum",))
    parts = update(dataset, previous, state)
    assert set(parts) == FILTER_PARTS | {"details"}
    assert as_json(parts["details"]) == as_json(details_body(dataset, state))
    assert as_json(parts["details"]) != as_json(details_body(dataset, previous))  # one engagement now hidden
    assert isinstance(parts["figure"], Patch)
    assert as_json(parts["figure"]) == as_json(figures.map_patch(dataset, state))  # values and the outline


def test_a_filter_change_leaves_the_selection_controls_and_the_presentation_button_alone(dataset):
    parts = update(dataset, ViewState(country="ARG", presenting=True),
                   ViewState(country="ARG", presenting=True, confirmed_only=True))
    assert not {"details_clear_hidden", "search_value", "present_label", "present_pressed"} & set(parts)


def test_a_filter_change_with_one_program_chosen_refreshes_its_forum_card(dataset):
    # The forum card counts "the countries the map now shows for it"; the docstring promises the details of a
    # selected country *or forum* on a filter change.
    previous = ViewState(programs=("IGC",))
    state = previous.replace(regions=("europe",))
    assert as_json(details_body(dataset, state)) != as_json(details_body(dataset, previous))  # 17 -> 13 countries
    assert "details" in update(dataset, previous, state)


# --- country -----------------------------------------------------------------------------------------------------

def test_selecting_a_country_sends_its_details_and_search_value_not_the_map(dataset):
    previous = ViewState(categories=("forum",))
    state = previous.replace(country="ARG")
    parts = update(dataset, previous, state)
    assert set(parts) == COUNTRY_PARTS  # no figure: the map is not redrawn before the details show
    assert as_json(parts["details"]) == as_json(details_body(dataset, state))
    assert "Argentina" in json.dumps(as_json(parts["details"]))
    assert parts["details_clear_hidden"] is False
    assert parts["search_value"] == "ARG"
    assert parts["language_href"] == "?lang=fr&category=forum&country=ARG"


def test_clearing_the_country_sends_the_overview_and_hides_clear(dataset):
    previous = ViewState(lang="fr", country="ARG")
    state = previous.replace(country=None)
    parts = update(dataset, previous, state)
    assert set(parts) == COUNTRY_PARTS
    assert parts["details_clear_hidden"] is True
    assert parts["search_value"] is None
    assert as_json(parts["details"]) == as_json(details_body(dataset, state))
    assert i18n.t("overview_title", "fr") in json.dumps(as_json(parts["details"]), ensure_ascii=False)


def test_another_country_and_a_filter_at_once_send_both(dataset):
    previous = ViewState(country="ARG")
    state = ViewState(country="CHE", categories=("forum",))
    parts = update(dataset, previous, state)
    assert set(parts) == FILTER_PARTS | COUNTRY_PARTS
    assert as_json(parts["figure"]) == as_json(figures.map_patch(dataset, state))  # the full patch, not the outline
    assert parts["search_value"] == "CHE"


# --- presenting --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", i18n.LANGS)
def test_presentation_mode_on_and_off(dataset, lang):
    off = ViewState(lang=lang, country="ARG")
    on = off.replace(presenting=True)
    parts = update(dataset, off, on)
    # Not the figure (the map is not redrawn); the country's card, its lines closed to fit the projector.
    assert set(parts) == PRESENT_PARTS | {"details"}
    assert parts["present_pressed"] == "true"
    assert parts["present_label"] == i18n.t("present_off", lang)
    back = update(dataset, on, off)
    assert set(back) == PRESENT_PARTS | {"details"}
    assert update(dataset, off.replace(country=None), off.replace(country=None, presenting=True)).keys() == \
        PRESENT_PARTS  # no card to redo
    assert back["present_pressed"] == "false"
    assert back["present_label"] == i18n.t("present_on", lang)
    assert parts["present_label"] != back["present_label"]
    assert parts["language_href"].endswith("&present=1") and "present" not in back["language_href"]


# --- programs ----------------------------------------------------------------------------------------------------

def test_choosing_one_program_sends_its_forum_card(dataset):
    state = ViewState(programs=("IGC",))
    parts = update(dataset, ViewState(), state)
    assert set(parts) == FILTER_PARTS | {"details"}
    assert class_names(parts["details"])[0] == "forum-focus"
    shown = json.dumps(as_json(parts["details"]))
    assert dataset.programs.at["IGC", "name_en"] in shown
    assert as_json(parts["details"]) == as_json(details_body(dataset, state))


def test_a_second_program_takes_the_forum_card_away(dataset):
    previous = ViewState(programs=("IGC",))
    state = ViewState(programs=("IGC", "RCM"))
    parts = update(dataset, previous, state)
    assert "details" in parts
    assert "forum-focus" not in class_names(parts["details"])
    assert as_json(parts["details"]) == as_json(details_body(dataset, state))


# --- the text version and the reset --------------------------------------------------------------------------------

def test_an_open_text_version_follows_a_filter_change_in_the_same_answer(dataset):
    state = ViewState(lang="fr", categories=("grsi",))
    sort = ("years", False)
    parts = view_update(dataset, state, {"filters"}, table_sort=sort)
    table = engagement_table(dataset, filtering.filter_engagements(dataset.engagements, state.filters), "fr", sort)
    assert as_json(parts["table_body"]) == as_json(table_children(table, "fr", sort, dataset.status_as_of))
    assert len(table) == 6


@pytest.mark.parametrize("changed", [{"country"}, {"presenting"}, {"programs"}, set()], ids=str)
def test_the_text_version_is_sent_only_when_open_and_the_filters_changed(dataset, changed):
    state = ViewState(country="ARG", programs=("IGC",))
    assert "table_body" not in view_update(dataset, state, changed, table_sort=("country", True))
    assert "table_body" not in view_update(dataset, state, changed | {"filters"}, table_sort=None)


def test_a_reset_sends_the_filter_controls_at_their_defaults(dataset):
    parts = view_update(dataset, ViewState(country="ARG"), {"filters"}, controls=True)
    assert {name: parts[name] for name in CONTROLS} == {
        "filter_category": list(CATEGORIES), "filter_program": [], "filter_region": [],
        "filter_years": list(dataset.year_bounds), "filter_confirmed": []}
    assert not set(CONTROLS) & set(view_update(dataset, ViewState(), {"filters"}))


def test_control_values_show_the_states_filters(dataset):
    state = ViewState(categories=("grsi", "forum"), programs=("IGC",), regions=("europe",), years=(2017, 2019),
                      confirmed_only=True)
    assert control_values(dataset, state) == {
        "filter_category": ["grsi", "forum"], "filter_program": ["IGC"], "filter_region": ["europe"],
        "filter_years": [2017, 2019], "filter_confirmed": ["yes"]}


def test_details_are_built_once_per_view_and_kept_within_bounds(dataset, monkeypatch):
    from dashboard.ui import updates

    monkeypatch.setattr(updates, "_details", type(updates._details)())
    state = ViewState(lang="fr", country="ARG", categories=("grsi",))
    first = updates.details_for(dataset, state)
    assert as_json(first) == as_json(details_body(dataset, state))
    assert updates.details_for(dataset, state) is first
    assert updates.details_for(dataset, state.replace(zoom="europe")) is first  # the focus changes no details
    presenting = updates.details_for(dataset, state.replace(presenting=True))  # lines closed for the projector
    assert presenting is not first and as_json(presenting) != as_json(first)
    assert updates.details_for(dataset, state.replace(lang="en")) is not first
    monkeypatch.setattr(updates, "DETAILS_KEPT", 2)
    for country in ("CAN", "MEX", "DEU"):
        updates.details_for(dataset, ViewState(country=country))
    assert len(updates._details) == 2
