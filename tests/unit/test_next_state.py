"""Tests for the next view state after one event (dashboard.core.state) and for the event each control fires
(dashboard.ui.callbacks.view.event_for)."""

from __future__ import annotations

import json

import pytest

from dashboard.core.schema import CATEGORIES
from dashboard.core.state import (CHANGES, EVENTS, Event, ViewState, Vocabulary, changes, chosen_country, from_store,
                                  show_value,
                                  next_state, store_data, to_query)
from dashboard.ui import ids
from dashboard.ui.callbacks.view import event_for

VOCAB = Vocabulary(programs=frozenset({"GRSI", "IGC", "M5", "RCM"}),
                   regions=frozenset({"europe", "north-america", "south-america"}),
                   countries=frozenset({"ARG", "CAN", "CHE", "FRA"}),
                   year_bounds=(2014, 2020))
ALL = list(CATEGORIES)


def after(previous: ViewState, event: Event, categories: object = ALL, programs: object = None,
          regions: object = None, years: object = None, confirmed: object = None) -> ViewState:
    """The next state with the controls at their defaults unless a test says otherwise."""
    return next_state(VOCAB, previous, event, categories, programs, regions, years, confirmed)


# --- Event -------------------------------------------------------------------------------------------------------

def test_event_defaults_to_no_country_and_is_frozen():
    event = Event("clear")
    assert event.country is None
    assert Event("click", "ARG") == Event("click", "ARG") != Event("row", "ARG")
    with pytest.raises(AttributeError):
        event.kind = "click"  # type: ignore[misc]


def test_events_are_the_documented_kinds():
    assert EVENTS == ("filters", "click", "clear", "search", "step", "row", "present", "reset", "zoom", "show")


# --- chosen_country ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["click", "step", "row"])
def test_an_event_naming_a_country_selects_it(kind):
    assert chosen_country(ViewState(country="CAN"), Event(kind, "ARG")) == "ARG"
    assert chosen_country(ViewState(), Event(kind, "ARG")) == "ARG"


@pytest.mark.parametrize("kind", ["click", "step", "row"])
@pytest.mark.parametrize("named", [None, "", 5, ["ARG"], {"iso3": "ARG"}, b"ARG"], ids=repr)
def test_an_event_naming_no_country_keeps_the_selection(kind, named):
    # A click on the ocean, a malformed step: the selection stays.
    assert chosen_country(ViewState(country="CHE"), Event(kind, named)) == "CHE"
    assert chosen_country(ViewState(), Event(kind, named)) is None


@pytest.mark.parametrize("named", [None, "ARG", 5])
def test_clear_removes_the_selection(named):
    assert chosen_country(ViewState(country="CHE"), Event("clear", named)) is None


def test_search_selects_what_was_searched():
    assert chosen_country(ViewState(country="CHE"), Event("search", "ARG")) == "ARG"
    assert chosen_country(ViewState(), Event("search", "ARG")) == "ARG"


@pytest.mark.parametrize("named", [None, 5, ["ARG"]], ids=repr)
def test_an_emptied_or_malformed_search_removes_the_selection(named):
    assert chosen_country(ViewState(country="CHE"), Event("search", named)) is None


def test_an_empty_search_string_removes_the_selection():
    # chosen_country hands the empty string on as it is; the vocabulary turns it into no country.
    assert not chosen_country(ViewState(country="CHE"), Event("search", ""))
    assert after(ViewState(country="CHE"), Event("search", "")).country is None


@pytest.mark.parametrize("kind", ["filters", "present", "unknown-kind"])
def test_other_events_keep_the_selection_whatever_they_carry(kind):
    assert chosen_country(ViewState(country="CHE"), Event(kind, "ARG")) == "CHE"
    assert chosen_country(ViewState(), Event(kind, "ARG")) is None


# --- next_state --------------------------------------------------------------------------------------------------

def test_default_controls_give_the_default_state():
    assert after(ViewState(), Event("filters")) == ViewState()


def test_present_toggles_presenting_and_nothing_else():
    previous = ViewState(lang="fr", programs=("IGC",), country="CHE")
    on = after(previous, Event("present"), programs=["IGC"])
    assert on == previous.replace(presenting=True)
    assert after(on, Event("present"), programs=["IGC"]) == previous


@pytest.mark.parametrize("kind", ["filters", "click", "clear", "search", "step", "row"])
def test_other_events_keep_presenting(kind):
    assert after(ViewState(presenting=True), Event(kind, "ARG")).presenting is True
    assert after(ViewState(), Event(kind, "ARG")).presenting is False


@pytest.mark.parametrize("confirmed, expected", [
    (["yes"], True), (["yes", "other"], True), ([], False), (None, False), ("yes", False), (["no"], False),
    (True, False), ({"yes": 1}, False), (("yes",), False),
], ids=repr)
def test_the_confirmed_checklist_with_yes_means_confirmed_only(confirmed, expected):
    assert after(ViewState(), Event("filters"), confirmed=confirmed).confirmed_only is expected


def test_confirmed_only_follows_the_control_not_the_previous_state():
    assert after(ViewState(confirmed_only=True), Event("filters"), confirmed=[]).confirmed_only is False


def test_unknown_programs_and_regions_are_dropped_and_the_rest_kept_in_order():
    state = after(ViewState(), Event("filters"), programs=["RCM", "NOPE", "IGC", 5],
                  regions=["mars", "south-america", "europe", None])
    assert state.programs == ("IGC", "RCM")
    assert state.regions == ("europe", "south-america")


@pytest.mark.parametrize("value", [None, "IGC", 5, {"IGC": True}], ids=repr)
def test_malformed_program_and_region_values_mean_none_chosen(value):
    state = after(ViewState(programs=("IGC",), regions=("europe",)), Event("filters"), programs=value,
                  regions=value)
    assert state.programs == () and state.regions == ()


def test_an_unknown_country_is_dropped():
    assert after(ViewState(country="CHE"), Event("search", "XYZ")).country is None
    assert after(ViewState(), Event("row", "<script>")).country is None


def test_a_known_country_from_an_event_is_selected_and_kept_by_the_filters():
    state = after(ViewState(), Event("click", "ARG"))
    assert state.country == "ARG"
    assert after(state, Event("filters"), categories=["grsi"]) == state.replace(categories=("grsi",))


@pytest.mark.parametrize("categories", [None, "grsi", 5, {"grsi": True}, ("grsi",), ["zzz"]], ids=repr)
def test_categories_that_are_not_a_list_of_known_ones_mean_all(categories):
    assert after(ViewState(categories=("grsi",)), Event("filters"), categories=categories).categories == CATEGORIES


def test_categories_from_the_checklist():
    assert after(ViewState(), Event("filters"), categories=["forum", "mpdp"]).categories == ("mpdp", "forum")
    assert after(ViewState(), Event("filters"), categories=[]).categories == ()  # none ticked: an empty map


@pytest.mark.parametrize("years, expected", [
    ([2016, 2018], (2016, 2018)), ([2014, 2020], None), ([2010, 2030], None), ([2010, 2017], (2014, 2017)),
    ([2018, 2016], None), ("2016-2018", None), ([2016.0, 2018.0], None), (None, None),
], ids=repr)
def test_years_from_the_slider(years, expected):
    assert after(ViewState(), Event("filters"), years=years).years == expected


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_language_is_kept_from_the_previous_state(lang):
    assert after(ViewState(lang=lang), Event("filters"), categories=["grsi"]).lang == lang
    assert after(ViewState(lang=lang), Event("click", "ARG")).lang == lang


def test_a_previous_state_from_a_tampered_store_cannot_smuggle_values_through():
    previous = ViewState(lang="de", country="XYZ", programs=("NOPE",))  # not from from_values: not validated
    state = after(previous, Event("filters"), programs=["IGC"])
    assert state.lang == "en" and state.country is None and state.programs == ("IGC",)


# --- changes and store_data --------------------------------------------------------------------------------------

def test_without_a_previous_state_every_part_changed():
    assert changes(None, ViewState()) == list(CHANGES) == ["filters", "programs", "country", "presenting", "zoom"]


def test_the_same_state_changed_nothing():
    state = ViewState(lang="fr", programs=("IGC",), country="CHE", presenting=True)
    assert changes(state, state) == []
    assert changes(state, state.replace()) == []


@pytest.mark.parametrize("change, expected", [
    ({"categories": ("grsi",)}, ["filters"]),
    ({"regions": ("europe",)}, ["filters"]),
    ({"years": (2016, 2018)}, ["filters"]),
    ({"confirmed_only": True}, ["filters"]),
    ({"programs": ("IGC",)}, ["filters", "programs"]),
    ({"country": "ARG"}, ["country"]),
    ({"country": None}, ["country"]),
    ({"presenting": True}, ["presenting"]),
    ({"regions": ("europe",), "country": "ARG", "presenting": True}, ["filters", "country", "presenting"]),
    ({"lang": "fr"}, []),  # a new language is a new page, not a change of view
], ids=lambda value: json.dumps(value) if isinstance(value, dict) else "")
def test_changes_names_only_the_parts_that_differ(change, expected):
    previous = ViewState(country="CHE")
    assert changes(previous, previous.replace(**change)) == expected


def test_store_data_carries_the_state_its_query_and_origin():
    state = ViewState(lang="fr", categories=("grsi", "forum"), programs=("IGC",), years=(2017, 2019),
                      country="ARG", presenting=True)
    data = store_data(state, "url")
    assert data == {**state.to_store(), "query": to_query(state), "origin": "url", "changed": list(CHANGES),
                    "title": "Renforcement des capacités et engagement du Canada en matière de migration internationale"}
    assert data["query"] == "?lang=fr&category=grsi,forum&program=IGC&years=2017-2019&country=ARG&present=1"
    assert from_store(VOCAB, json.loads(json.dumps(data))) == state  # the extra keys do not disturb the round trip


def test_store_data_says_what_changed_since_the_previous_state():
    previous = ViewState(country="CHE")
    state = previous.replace(country="ARG")
    data = store_data(state, "user", previous)
    assert data["origin"] == "user"
    assert data["changed"] == ["country"]
    assert data["country"] == "ARG"
    assert store_data(state, "user", state)["changed"] == []


# --- event_for: which control fired ------------------------------------------------------------------------------

CLICK = {"points": [{"location": "ARG", "curveNumber": 1}]}


@pytest.mark.parametrize("trigger, click, searched, step, row, expected", [
    (ids.MAP_CLICK, CLICK, None, None, None, Event("click", "ARG")),
    (ids.MAP_CLICK, {"points": [{"customdata": "CHE"}]}, {"iso3": "ARG"}, {"iso3": "CAN"}, None, Event("click", "CHE")),
    (ids.MAP_CLICK, None, {"iso3": "ARG"}, None, None, Event("click", None)),  # the ocean
    (ids.MAP_CLICK, {"points": []}, None, None, None, Event("click", None)),
    (ids.DETAILS_CLEAR, CLICK, {"iso3": "ARG"}, {"iso3": "CAN"}, None, Event("clear")),
    (ids.SEARCH_PICK, CLICK, {"iso3": "CHE", "at": 1}, None, None, Event("search", "CHE")),
    (ids.SEARCH_PICK, CLICK, {"iso3": None, "at": 1}, None, None, Event("search", None)),  # the box emptied
    (ids.SEARCH_PICK, None, "CHE", None, None, Event("search", None)),
    (ids.PRESENT_STEP, CLICK, None, {"iso3": "CAN", "at": 1700000000000}, None, Event("step", "CAN")),
    (ids.PRESENT_STEP, None, None, "CAN", None, Event("step", None)),
    (ids.PRESENT_STEP, None, None, ["CAN"], None, Event("step", None)),
    (ids.PRESENT_STEP, None, None, None, None, Event("step", None)),
    (ids.PRESENT_STEP, None, None, {"at": 1}, None, Event("step", None)),
    (ids.PRESENT_TOGGLE, CLICK, {"iso3": "ARG"}, {"iso3": "CAN"}, None, Event("present")),
    (ids.TABLE_ROW_PICK, CLICK, {"iso3": "CHE"}, None, {"iso3": "ARG", "at": 1}, Event("row", "ARG")),
    (ids.TABLE_ROW_PICK, None, None, None, {"at": 1}, Event("row", None)),
    (ids.TABLE_ROW_PICK, None, None, None, "ARG", Event("row", None)),
    (ids.TABLE_SORT_PICK, CLICK, None, None, None, Event("filters")),
    (ids.FILTER_RESET, CLICK, {"iso3": "ARG"}, {"iso3": "CAN"}, {"iso3": "CHE"}, Event("reset")),
    ({"iso3": "ARG"}, None, None, None, None, Event("filters")),
    (ids.FILTER_CATEGORY, CLICK, {"iso3": "ARG"}, {"iso3": "CAN"}, None, Event("filters")),
    (ids.FILTER_PROGRAM, None, None, None, None, Event("filters")),
    (ids.FILTER_REGION, None, None, None, None, Event("filters")),
    (ids.FILTER_YEARS, None, None, None, None, Event("filters")),
    (ids.FILTER_CONFIRMED, None, None, None, None, Event("filters")),
    (None, CLICK, {"iso3": "ARG"}, None, None, Event("filters")),
    (ids.MAP_GRAPH, CLICK, None, None, None, Event("filters")),  # the graph's own clickData goes through MAP_CLICK
    (ids.SEARCH_COUNTRY, CLICK, {"iso3": "CHE"}, None, None, Event("filters")),  # the box's value, through SEARCH_PICK
    ("not-an-id", None, None, None, None, Event("filters")),
], ids=lambda value: json.dumps(value) if isinstance(value, (str, dict, type(None))) else "")
def test_event_for_each_control(trigger, click, searched, step, row, expected):
    assert event_for(trigger, click, searched, step, row) == expected


def test_event_kinds_from_event_for_are_known_events():
    triggers = [ids.MAP_CLICK, ids.DETAILS_CLEAR, ids.SEARCH_PICK, ids.PRESENT_STEP, ids.PRESENT_TOGGLE,
                ids.TABLE_ROW_PICK, ids.FILTER_CATEGORY, ids.FILTER_RESET, ids.MAP_ZOOM, ids.PRESENT_SHOW]
    kinds = [event_for(trigger, CLICK, {"iso3": "CHE"}, {"iso3": "CAN"}, {"iso3": "FRA"}, "europe", "all").kind
             for trigger in triggers]
    assert kinds == ["click", "clear", "search", "step", "present", "row", "filters", "reset", "zoom", "show"]
    assert set(kinds) == set(EVENTS)


def test_a_table_row_then_a_map_click_then_clear():
    state = after(ViewState(), event_for(ids.TABLE_ROW_PICK, None, None, None, {"iso3": "ARG", "at": 1}))
    assert state.country == "ARG"
    state = after(state, event_for(ids.MAP_CLICK, {"points": [{"location": "CHE"}]}, None, None))
    assert state.country == "CHE"
    state = after(state, event_for(ids.MAP_CLICK, None, None, None))  # the ocean: CHE stays
    assert state.country == "CHE"
    assert after(state, event_for(ids.DETAILS_CLEAR, None, None, None)).country is None


def test_a_reset_puts_every_filter_and_the_focus_back_and_keeps_the_rest():
    previous = ViewState(lang="fr", categories=("grsi",), programs=("IGC",), regions=("europe",), years=(2015, 2018),
                         confirmed_only=True, country="ARG", presenting=True, zoom="europe")
    # The controls still show the old filters when the reset arrives: it does not read them.
    state = after(previous, Event("reset"), ["grsi"], ["IGC"], ["europe"], [2015, 2018], ["yes"])
    assert state == ViewState(lang="fr", country="ARG", presenting=True)
    assert changes(previous, state) == ["filters", "programs", "zoom"]


@pytest.mark.parametrize(("value", "categories", "programs"), [
    ("all", ("mpdp", "grsi", "forum"), ()), ("category:grsi", ("grsi",), ()), ("program:M5", ("mpdp", "grsi", "forum"), ("M5",)),
])
def test_the_presenter_shows_a_category_or_a_forum_without_leaving(value, categories, programs):
    previous = ViewState(lang="fr", categories=("mpdp",), regions=("europe",), years=(2017, 2018), confirmed_only=True,
                         country="ARG", presenting=True, zoom="europe")
    state = after(previous, Event("show", show=value))
    # What to show, the other filters cleared, the country's card closed; the mode and the focus kept.
    assert state == ViewState(lang="fr", categories=categories, programs=programs, presenting=True, zoom="europe")
    assert show_value(state) == value


@pytest.mark.parametrize("value", [None, "", "program:NOPE", "category:x", "all ", ["all"], 3])
def test_an_unknown_show_value_changes_nothing(value):
    previous = ViewState(country="ARG", presenting=True)
    assert after(previous, Event("show", show=value)) == previous


def test_the_show_list_says_nothing_for_a_view_it_cannot_name():
    assert show_value(ViewState(categories=("mpdp", "grsi"))) is None
    assert show_value(ViewState(programs=("IGC", "M5"))) is None
    assert show_value(ViewState(regions=("europe",))) is None
