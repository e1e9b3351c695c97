"""Tests for dashboard.state: the view state's round trip through the URL and the store, and click parsing."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.core.i18n import LANGS
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import (MAX_QUERY, ViewState, Vocabulary, country_from_click, from_store, from_values,
                             parse_query, to_query, vocabulary)

VOCAB = Vocabulary(programs=frozenset({"GRSI", "IGC", "M5", "RCM"}),
                   regions=frozenset({"europe", "north-america", "south-america"}),
                   countries=frozenset({"ARG", "CAN", "CHE", "FRA"}),
                   year_bounds=(2014, 2020))
DEFAULT = ViewState()


def subsequence(values, min_size=0):
    """A subset of values kept in the order given: the canonical order the state uses."""
    return st.lists(st.sampled_from(values), unique=True, min_size=min_size).map(
        lambda picked: tuple(v for v in values if v in picked))


@st.composite
def year_ranges(draw):
    low, high = VOCAB.year_bounds
    first = draw(st.integers(low, high))
    last = draw(st.integers(first, high))
    if (first, last) == VOCAB.year_bounds:
        return None  # the full span is the default, stored as None
    return first, last


def view_states(min_categories=0):
    return st.builds(
        ViewState,
        lang=st.sampled_from(LANGS),
        categories=subsequence(CATEGORIES, min_size=min_categories),
        programs=subsequence(tuple(sorted(VOCAB.programs))),
        regions=subsequence(tuple(sorted(VOCAB.regions))),
        years=st.none() | year_ranges(),
        confirmed_only=st.booleans(),
        country=st.none() | st.sampled_from(sorted(VOCAB.countries)),
    )


# --- round trips ------------------------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(view_states(min_categories=1))
def test_query_round_trip(state):
    query = to_query(state)
    assert query.startswith("?")
    assert len(query) <= MAX_QUERY
    assert parse_query(VOCAB, query) == state


def test_query_round_trip_with_no_category_selected():
    # A user who unticks every category gets an empty map; a shared link must show the same empty map.
    state = ViewState(lang="fr", categories=(), programs=("IGC",), country="CHE")
    assert parse_query(VOCAB, to_query(state)) == state


def test_category_empty_alone_means_none_selected():
    assert parse_query(VOCAB, "?category=").categories == ()
    assert parse_query(VOCAB, "?lang=fr&category=&country=ARG") == ViewState(lang="fr", categories=(),
                                                                              country="ARG")


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(view_states())
def test_store_round_trip_through_json(state):
    stored = json.loads(json.dumps(state.to_store()))  # what the browser's dcc.Store hands back
    assert from_store(VOCAB, stored) == state


def test_to_query_leaves_defaults_out():
    assert to_query(ViewState()) == "?lang=en"
    assert to_query(ViewState(lang="fr", categories=("grsi", "forum"), programs=("IGC",), regions=("europe",),
                              years=(2017, 2019), confirmed_only=True, country="ARG")) == \
        "?lang=fr&category=grsi,forum&program=IGC&region=europe&years=2017-2019&confirmed=1&country=ARG"


def test_parse_query_documented_example():
    query = "?lang=fr&category=grsi,forum&program=IGC&region=europe&years=2017-2019&confirmed=1&country=ARG"
    assert parse_query(VOCAB, query) == ViewState(lang="fr", categories=("grsi", "forum"), programs=("IGC",),
                                                  regions=("europe",), years=(2017, 2019), confirmed_only=True,
                                                  country="ARG")


def test_parse_query_puts_lists_in_canonical_order():
    state = parse_query(VOCAB, "?category=forum,mpdp&program=RCM,GRSI&region=south-america,europe")
    assert state.categories == ("mpdp", "forum")
    assert state.programs == ("GRSI", "RCM")
    assert state.regions == ("europe", "south-america")


# --- malformed queries fall back to defaults --------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("", DEFAULT),
    ("?", DEFAULT),
    ("?lang=de", DEFAULT),
    ("?lang=FR", DEFAULT),
    ("?category=zzz", DEFAULT),
    ("?category=grsi,zzz", ViewState(categories=("grsi",))),
    ("?program=XXX,IGC", ViewState(programs=("IGC",))),
    ("?region=mars", DEFAULT),
    ("?years=20x9-2019", DEFAULT),
    ("?years=2019", DEFAULT),
    ("?years=2019-2017", DEFAULT),
    ("?years=2010-2017", ViewState(years=(2014, 2017))),
    ("?years=2016-2030", ViewState(years=(2016, 2020))),
    ("?years=2000-2030", DEFAULT),
    ("?years=2014-2020", DEFAULT),
    ("?years=2017-2017", ViewState(years=(2017, 2017))),
    ("?confirmed=yes", DEFAULT),
    ("?confirmed=1", ViewState(confirmed_only=True)),
    ("?country=XYZ", DEFAULT),
    ("?country=arg", ViewState(country="ARG")),
    ("?country=<script>", DEFAULT),
    ("?lang=fr&lang=en", DEFAULT),
    ("lang=fr", ViewState(lang="fr")),
    ("?%ff%fe=%00&&&==", DEFAULT),
], ids=lambda value: value if isinstance(value, str) else "")
def test_parse_query_tolerates_bad_input(query, expected):
    assert parse_query(VOCAB, query) == expected


def test_over_long_query_is_ignored_whole():
    query = "?lang=fr&country=ARG&program=" + ",".join(["IGC"] * MAX_QUERY)
    assert len(query) > MAX_QUERY
    assert parse_query(VOCAB, query) == DEFAULT


@pytest.mark.parametrize("search", [None, 5, b"?lang=fr", ["?lang=fr"], {"lang": "fr"}])
def test_parse_query_of_a_non_string_gives_defaults(search):
    assert parse_query(VOCAB, search) == DEFAULT


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=300))
def test_parse_query_never_raises_and_keeps_only_known_values(search):
    state = parse_query(VOCAB, search)
    assert state.lang in LANGS
    assert set(state.categories) <= set(CATEGORIES)
    assert set(state.programs) <= VOCAB.programs and set(state.regions) <= VOCAB.regions
    assert state.country is None or state.country in VOCAB.countries
    if state.years is not None:
        assert VOCAB.year_bounds[0] <= state.years[0] <= state.years[1] <= VOCAB.year_bounds[1]


# --- the store: whatever the browser sends back ----------------------------------------------------------------

@pytest.mark.parametrize("data", [None, [], ["lang", "fr"], "lang=fr", 5, {}, {"unknown": 1}])
def test_from_store_garbage_gives_defaults(data):
    assert from_store(VOCAB, data) == DEFAULT


@pytest.mark.parametrize("data", [
    {"lang": 5}, {"lang": ["fr"]}, {"lang": "de"},
    {"programs": "IGC"}, {"programs": [5, None]}, {"programs": {"IGC": 1}},
    {"regions": "europe"}, {"regions": 7},
    {"years": "2017-2019"}, {"years": [2017]}, {"years": [2017.0, 2019.0]}, {"years": [True, 2019]},
    {"years": [2019, 2017]}, {"years": [2017, 2018, 2019]}, {"years": {"a": 1, "b": 2}},
    {"confirmed_only": "yes"}, {"confirmed_only": 1},
    {"country": 5}, {"country": ["ARG"]}, {"country": "XYZ"},
], ids=lambda d: json.dumps(d))
def test_from_store_wrong_types_give_defaults(data):
    assert from_store(VOCAB, data) == DEFAULT


@pytest.mark.parametrize("categories", ["grsi", 5, {"grsi": True}, ["zzz"]], ids=json.dumps)
def test_from_store_malformed_categories_give_the_default_categories(categories):
    # from_values promises that anything unknown or malformed falls back to its default; parse_query does so
    # for categories (only an explicitly empty list means "none selected").
    assert from_store(VOCAB, {"categories": categories}).categories == CATEGORIES


def test_from_store_keeps_an_empty_category_list():
    assert from_store(VOCAB, {"categories": []}).categories == ()


def test_from_values_keeps_good_values_and_drops_bad_ones():
    state = from_values(VOCAB, "fr", ["forum", "zzz"], ["IGC", "NOPE"], ["europe", 3], [2015, 2030], True, "CHE")
    assert state == ViewState(lang="fr", categories=("forum",), programs=("IGC",), regions=("europe",),
                              years=(2015, 2020), confirmed_only=True, country="CHE")


# --- clicks on the map ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("click, expected", [
    ({"points": [{"location": "ARG", "curveNumber": 1, "pointNumber": 0}]}, "ARG"),
    ({"points": [{"customdata": "ARG", "lon": -64.0, "lat": -34.0}]}, "ARG"),
    ({"points": [{"customdata": "CHE"}, {"customdata": "ARG"}]}, "CHE"),
    (None, None),
    ({}, None),
    ({"points": []}, None),
    ({"points": [5]}, None),
    ({"points": None}, None),
    ({"points": "ARG"}, None),
    ({"points": [{}]}, None),
    ({"points": [{"customdata": ["ARG"]}]}, None),
    ({"points": [{"location": 5}]}, None),
    ("ARG", None),
    ([{"location": "ARG"}], None),
], ids=lambda value: json.dumps(value))
def test_country_from_click(click, expected):
    assert country_from_click(click) == expected


def test_the_vocabulary_is_built_once_per_data_set_and_goes_with_it(dataset):
    import dataclasses
    import gc

    from dashboard.core import state as state_module

    assert vocabulary(dataset) is vocabulary(dataset)
    other = dataclasses.replace(dataset)
    assert vocabulary(other) == vocabulary(dataset) and vocabulary(other) is not vocabulary(dataset)
    key = id(other)
    del other
    gc.collect()
    assert key not in state_module._VOCABULARIES
