"""Integrity of the shipped data in data/: joins, the lists from facts.md, honesty markers."""

from __future__ import annotations

import json
from pathlib import Path



DATA = Path(__file__).resolve().parents[2] / "data"

# The lists in shared/facts.md (with their sources there).
GRSI = {"GBR", "ARG", "NZL", "IRL", "ESP", "DEU"}
IGC = {"AUS", "BEL", "CAN", "DNK", "FIN", "DEU", "GRC", "IRL", "NLD", "NZL", "NOR", "POL", "ESP", "SWE", "CHE",
       "GBR", "USA"}
RCM_MEMBERS = {"BLZ", "CAN", "CRI", "DOM", "SLV", "GTM", "HND", "MEX", "NIC", "PAN", "USA"}
RCM_OBSERVERS = {"ARG", "COL", "ECU", "JAM", "PER"}
M5 = {"CAN", "AUS", "NZL", "GBR", "USA"}
MPDP_ATTRIBUTIONS = {"MEX", "PAN", "BLZ", "CRI", "GTM", "SLV", "HND"}


def countries_of(dataset, program: str, roles: set[str] | None = None) -> set[str]:
    rows = dataset.engagements[dataset.engagements["program"] == program]
    if roles is not None:
        rows = rows[rows["role"].isin(roles)]
    return set(rows["iso3"])


def test_real_data_loads_without_problems(dataset):
    assert dataset.warnings == ()
    assert len(dataset.engagements) >= 60


def test_every_engagement_joins_a_country_and_a_shape(dataset):
    shapes = {feature["id"] for feature in json.loads(dataset.geometry_bytes)["features"]}
    assert set(dataset.engagements["iso3"]) <= set(dataset.countries.index)
    assert set(dataset.engagements["iso3"]) <= shapes
    assert set(dataset.countries.index) == shapes


def test_grsi_is_exactly_the_six_programs(dataset):
    grsi = dataset.engagements[dataset.engagements["category"] == "grsi"]
    assert set(grsi["iso3"]) == GRSI and len(grsi) == 6
    assert grsi["confirmed"].all()
    assert "Programa Siria" in grsi.set_index("iso3").at["ARG", "description_en"]
    assert "NesT" in grsi.set_index("iso3").at["DEU", "description_en"]


def test_igc_lists_seventeen_states_with_canada_as_chair(dataset):
    assert countries_of(dataset, "IGC", {"member", "chair"}) == IGC
    chair = dataset.engagements[(dataset.engagements["program"] == "IGC") & (dataset.engagements["role"] == "chair")]
    assert list(chair["iso3"]) == ["CAN"]
    assert (int(chair["start_year"].iloc[0]), int(chair["end_year"].iloc[0])) == (2019, 2020)
    assert "Game-Changing Solutions" in chair["description_en"].iloc[0]
    assert countries_of(dataset, "IGC", {"secretariat"}) == {"CHE"}


def test_igc_roster_inferred_for_2019_is_marked_unconfirmed(dataset):
    members = dataset.engagements[(dataset.engagements["program"] == "IGC")
                                  & (dataset.engagements["role"] == "member") & (dataset.engagements["iso3"] != "CAN")]
    assert len(members) == 16
    assert not members["confirmed"].any()


def test_rcm_members_observers_and_secretariat(dataset):
    assert countries_of(dataset, "RCM", {"member"}) == RCM_MEMBERS
    assert countries_of(dataset, "RCM", {"observer"}) == RCM_OBSERVERS
    assert countries_of(dataset, "RCM", {"secretariat"}) == {"CRI"}


def test_m5_members_with_canada_chair_from_2019(dataset):
    assert countries_of(dataset, "M5", {"member"}) == M5
    chair = dataset.engagements[(dataset.engagements["program"] == "M5") & (dataset.engagements["role"] == "chair")]
    assert list(chair["iso3"]) == ["CAN"] and int(chair["start_year"].iloc[0]) == 2019


def test_gfmd_roundtable_chairs_and_support_unit(dataset):
    assert countries_of(dataset, "GFMD", {"roundtable-co-chair"}) == {"CAN", "MAR"}
    assert countries_of(dataset, "GFMD", {"chair", "co-chair"}) == {"DEU", "MAR", "ECU", "ARE"}
    assert countries_of(dataset, "GFMD", {"secretariat"}) == {"CHE"}


def test_unhcr_and_iom_headquarters_in_switzerland(dataset):
    assert countries_of(dataset, "UNHCR", {"headquarters"}) == {"CHE"}
    assert countries_of(dataset, "IOM", {"headquarters"}) == {"CHE"}


def test_mpdp_rows_are_only_unconfirmed_attributions(dataset):
    mpdp = dataset.engagements[dataset.engagements["category"] == "mpdp"]
    assert set(mpdp["iso3"]) == MPDP_ATTRIBUTIONS
    assert not mpdp["confirmed"].any()
    assert mpdp["description_en"].str.contains("NOT confirmed").all()
    assert mpdp["description_fr"].str.contains("PAS confirmée").all()


def test_every_row_has_a_source_and_no_invented_amounts(dataset):
    assert dataset.engagements["source"].str.strip().ne("").all()
    # No per-country amount is public (facts.md): every amount must stay unknown until a source gives one.
    assert dataset.engagements["amount_cad"].isna().all()


def test_funding_streams_match_the_source_document(dataset):
    amounts = dict(zip(dataset.funding["id"], dataset.funding["amount_cad"]))
    assert amounts == {"memberships": 300_000, "projects": 700_000, "mcee": 21_000_000}


def test_every_program_has_both_languages(dataset):
    for column in ("name", "about", "canada_role"):
        assert dataset.programs[f"{column}_en"].str.strip().ne("").all()
        assert dataset.programs[f"{column}_fr"].str.strip().ne("").all()
