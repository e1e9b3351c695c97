"""Tests for dashboard.model on small synthetic engagement tables (the columns data.load produces)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.core import filtering
from dashboard.core.filtering import Filters

REGION = {"ARG": "south-america", "MEX": "north-america", "CAN": "north-america", "CHE": "europe",
          "DEU": "europe", "NZL": "oceania", "MAR": "africa"}
PROGRAM_CATEGORY = {"MPDP": "mpdp", "GRSI": "grsi", "IGC": "forum", "RCM": "forum", "GFMD": "forum"}


def engagements(*rows: dict) -> pd.DataFrame:
    """A table shaped like data.load's: one dict per row, with defaults for what a test does not care about."""
    records = []
    for number, row in enumerate(rows):
        program = row.get("program", "IGC")
        iso3 = row.get("iso3", "CAN")
        records.append({
            "id": row.get("id", f"row-{number}"), "iso3": iso3,
            "category": row.get("category", PROGRAM_CATEGORY[program]), "program": program,
            "role": row.get("role", "member"), "start_year": row.get("start"), "end_year": row.get("end"),
            "status": row.get("status", "active"), "amount_cad": row.get("amount"),
            "description_en": "d", "description_fr": "d", "source": "s", "confirmed": row.get("confirmed", True),
            "region": REGION[iso3],
        })
    frame = pd.DataFrame.from_records(records, columns=[
        "id", "iso3", "category", "program", "role", "start_year", "end_year", "status", "amount_cad",
        "description_en", "description_fr", "source", "confirmed", "region"])
    frame["start_year"] = frame["start_year"].astype("Int64")
    frame["end_year"] = frame["end_year"].astype("Int64")
    frame["amount_cad"] = frame["amount_cad"].astype("Float64")
    frame["confirmed"] = frame["confirmed"].astype(bool)
    for column in ("id", "iso3", "category", "program", "role", "status", "description_en", "description_fr",
                   "source", "region"):
        frame[column] = frame[column].astype("str")
    return frame


@pytest.fixture
def table() -> pd.DataFrame:
    return engagements(
        {"id": "grsi-arg", "iso3": "ARG", "program": "GRSI", "start": 2014},
        {"id": "mpdp-mex", "iso3": "MEX", "program": "MPDP", "start": 2015, "confirmed": False},
        {"id": "igc-can", "iso3": "CAN", "program": "IGC", "start": 2019, "end": 2020},
        {"id": "rcm-can", "iso3": "CAN", "program": "RCM"},
        {"id": "igc-che", "iso3": "CHE", "program": "IGC", "confirmed": False},
        {"id": "gfmd-deu", "iso3": "DEU", "program": "GFMD", "start": 2017, "end": 2018},
        {"id": "gfmd-mar", "iso3": "MAR", "program": "GFMD", "end": 2013},
    )


def ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["id"])


# --- filter_engagements -----------------------------------------------------------------------------------------

def test_default_filters_keep_every_row(table):
    assert ids(filtering.filter_engagements(table, Filters())) == ids(table)


def test_filter_by_categories(table):
    assert ids(filtering.filter_engagements(table, Filters(categories=("grsi",)))) == ["grsi-arg"]
    assert ids(filtering.filter_engagements(table, Filters(categories=("mpdp", "grsi")))) == ["grsi-arg", "mpdp-mex"]


def test_no_category_selected_keeps_nothing(table):
    assert filtering.filter_engagements(table, Filters(categories=())).empty


def test_filter_by_programs(table):
    assert ids(filtering.filter_engagements(table, Filters(programs=("IGC",)))) == ["igc-can", "igc-che"]
    assert ids(filtering.filter_engagements(table, Filters(programs=("GFMD", "RCM")))) == ["gfmd-deu", "gfmd-mar",
                                                                                       "rcm-can"]


def test_filter_by_regions(table):
    assert ids(filtering.filter_engagements(table, Filters(regions=("europe",)))) == ["gfmd-deu", "igc-che"]
    assert ids(filtering.filter_engagements(table, Filters(regions=("north-america", "africa")))) == [
        "gfmd-mar", "igc-can", "mpdp-mex", "rcm-can"]


@pytest.mark.parametrize("years, expected", [
    # ARG 2014-open, MEX 2015-open, CAN igc 2019-2020, CAN rcm unknown, CHE unknown, DEU 2017-2018, MAR open-2013
    ((2013, 2016), ["gfmd-mar", "grsi-arg", "igc-che", "mpdp-mex", "rcm-can"]),
    ((2017, 2018), ["gfmd-deu", "grsi-arg", "igc-che", "mpdp-mex", "rcm-can"]),
    ((2018, 2019), ["gfmd-deu", "grsi-arg", "igc-can", "igc-che", "mpdp-mex", "rcm-can"]),  # overlaps at each end
    ((2021, 2030), ["grsi-arg", "igc-che", "mpdp-mex", "rcm-can"]),
    ((2000, 2012), ["gfmd-mar", "igc-che", "rcm-can"]),
    ((2014, 2014), ["grsi-arg", "igc-che", "rcm-can"]),
])
def test_filter_by_years_keeps_overlaps_and_unknown_years(table, years, expected):
    assert ids(filtering.filter_engagements(table, Filters(years=years))) == expected


def test_filter_confirmed_only(table):
    assert ids(filtering.filter_engagements(table, Filters(confirmed_only=True))) == [
        "gfmd-deu", "gfmd-mar", "grsi-arg", "igc-can", "rcm-can"]


def test_filters_combine(table):
    filters = Filters(categories=("forum",), regions=("europe", "north-america"), years=(2019, 2020),
                      confirmed_only=True)
    assert ids(filtering.filter_engagements(table, filters)) == ["igc-can", "rcm-can"]


def test_filter_keeps_columns_and_leaves_input_alone(table):
    before = table.copy()
    rows = filtering.filter_engagements(table, Filters(categories=("forum",), years=(2017, 2018)))
    assert list(rows.columns) == list(table.columns)
    pd.testing.assert_frame_equal(table, before)


# --- country_summary --------------------------------------------------------------------------------------------

def test_fill_codes_one_category_and_several(table):
    summary = filtering.country_summary(table)
    assert summary.index.name == "iso3"
    assert sorted(summary.index) == ["ARG", "CAN", "CHE", "DEU", "MAR", "MEX"]
    assert summary["fill"].to_dict() == {"ARG": 2, "CAN": 3, "CHE": 3, "DEU": 3, "MAR": 3, "MEX": 1}
    several = engagements({"iso3": "NZL", "program": "GRSI"}, {"iso3": "NZL", "program": "IGC"},
                          {"iso3": "MEX", "program": "MPDP"}, {"iso3": "MEX", "program": "RCM"},
                          {"iso3": "CAN", "program": "MPDP"}, {"iso3": "CAN", "program": "GRSI"},
                          {"iso3": "CAN", "program": "RCM"})
    assert filtering.country_summary(several)["fill"].to_dict() == {"CAN": 4, "MEX": 4, "NZL": 4}
    assert filtering.SEVERAL == 4 and filtering.CATEGORIES == ("mpdp", "grsi", "forum")  # fills 1, 2, 3 by position


def test_summary_marks_categories_present_and_counts_rows(table):
    summary = filtering.country_summary(table)
    assert summary.loc["CAN", ["mpdp", "grsi", "forum"]].tolist() == [False, False, True]
    assert summary.loc["ARG", ["mpdp", "grsi", "forum"]].tolist() == [False, True, False]
    assert summary["engagements"].to_dict() == {"ARG": 1, "CAN": 2, "CHE": 1, "DEU": 1, "MAR": 1, "MEX": 1}


def test_unconfirmed_only_when_every_row_of_the_category_is_unconfirmed():
    rows = engagements(
        {"iso3": "CAN", "program": "IGC", "confirmed": True},   # forum: one confirmed, one not -> confirmed
        {"iso3": "CAN", "program": "RCM", "confirmed": False},
        {"iso3": "CAN", "program": "MPDP", "confirmed": False},  # mpdp: all unconfirmed -> unconfirmed
        {"iso3": "CHE", "program": "IGC", "confirmed": False},   # forum: all (two) unconfirmed
        {"iso3": "CHE", "program": "GFMD", "confirmed": False},
        {"iso3": "ARG", "program": "GRSI", "confirmed": True},
    )
    summary = filtering.country_summary(rows)
    flags = summary[["mpdp_unconfirmed", "grsi_unconfirmed", "forum_unconfirmed"]].astype(bool)
    assert flags.loc["CAN"].tolist() == [True, False, False]
    assert flags.loc["CHE"].tolist() == [False, False, True]
    assert flags.loc["ARG"].tolist() == [False, False, False]


def test_unconfirmed_when_no_row_at_all_is_confirmed():
    rows = engagements({"iso3": "MEX", "program": "MPDP", "confirmed": False},
                       {"iso3": "CAN", "program": "RCM", "confirmed": False})
    flags = filtering.country_summary(rows)[["mpdp_unconfirmed", "grsi_unconfirmed", "forum_unconfirmed"]].astype(bool)
    assert flags.to_dict("index") == {
        "CAN": {"mpdp_unconfirmed": False, "grsi_unconfirmed": False, "forum_unconfirmed": True},
        "MEX": {"mpdp_unconfirmed": True, "grsi_unconfirmed": False, "forum_unconfirmed": False},
    }


def test_never_unconfirmed_when_every_row_is_confirmed():
    rows = engagements({"iso3": "MEX", "program": "MPDP"}, {"iso3": "CAN", "program": "RCM"})
    flags = filtering.country_summary(rows)[["mpdp_unconfirmed", "grsi_unconfirmed", "forum_unconfirmed"]]
    assert not flags.astype(bool).to_numpy().any()


def test_summary_of_no_rows_is_empty_with_its_columns(table):
    summary = filtering.country_summary(table.iloc[0:0])
    assert summary.empty
    for column in ("mpdp", "grsi", "forum", "mpdp_unconfirmed", "grsi_unconfirmed", "forum_unconfirmed", "fill",
                   "engagements"):
        assert column in summary.columns
    assert filtering.category_counts(summary) == {"mpdp": 0, "grsi": 0, "forum": 0}


# --- category_counts and year_bounds ----------------------------------------------------------------------------

def test_category_counts_count_countries_once_per_category(table):
    assert filtering.category_counts(filtering.country_summary(table)) == {"mpdp": 1, "grsi": 1, "forum": 4}
    rows = engagements({"iso3": "CAN", "program": "IGC"}, {"iso3": "CAN", "program": "RCM"},
                       {"iso3": "CAN", "program": "MPDP"}, {"iso3": "MEX", "program": "MPDP"})
    counts = filtering.category_counts(filtering.country_summary(rows))
    assert counts == {"mpdp": 2, "grsi": 0, "forum": 1}
    assert all(type(v) is int for v in counts.values())


def test_category_counts_follow_filters(table):
    rows = filtering.filter_engagements(table, Filters(confirmed_only=True))
    assert filtering.category_counts(filtering.country_summary(rows)) == {"mpdp": 0, "grsi": 1, "forum": 3}


def test_year_bounds_span_known_starts_and_ends(table):
    assert filtering.year_bounds(table, fallback=2019) == (2013, 2020)
    rows = engagements({"start": 2016}, {"end": 2011}, {})
    assert filtering.year_bounds(rows, fallback=2019) == (2011, 2016)
    assert all(type(v) is int for v in filtering.year_bounds(rows, fallback=2019))


def test_year_bounds_of_one_year():
    assert filtering.year_bounds(engagements({"start": 2019, "end": 2019}, {}), fallback=2000) == (2019, 2019)


def test_year_bounds_fall_back_when_no_year_is_known(table):
    unknown = table.assign(start_year=pd.array([pd.NA] * len(table), dtype="Int64"),
                           end_year=pd.array([pd.NA] * len(table), dtype="Int64"))
    assert filtering.year_bounds(unknown, fallback=2026) == (2026, 2026)
