"""Integrity of the shipped data in data/: joins, the lists from facts.md, honesty markers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd


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


# --- one point in time: every status as of the source page's year ------------------------------------------------

IRCC_PAGE = "IRCC, Canada.ca page: Canada's International Migration Capacity Building and Engagement (2019)"


def test_statuses_are_as_of_the_source_pages_year(dataset):
    """metadata.csv states the year the statuses describe; it is the source page's year, and every status fits it:
    active = under way that year, completed = ended before it, planned = not started before it (the rules written
    out here again, apart from the loader's)."""
    as_of = int(dataset.metadata["status_as_of"])
    assert as_of == int(dataset.metadata["source_document_year"]) == dataset.status_as_of == 2019
    for row in dataset.engagements.itertuples():
        start = None if row.start_year is pd.NA or pd.isna(row.start_year) else int(row.start_year)
        end = None if row.end_year is pd.NA or pd.isna(row.end_year) else int(row.end_year)
        if row.status == "completed":
            assert end is not None and end < as_of, row.id
        if row.status == "active":
            assert (start is None or start <= as_of) and (end is None or end >= as_of), row.id
        if row.status == "planned":
            assert (start is None or start >= as_of) and (end is None or end >= as_of), row.id
        if end is not None and end < as_of:
            assert row.status in ("completed", "unknown"), row.id
        if start is not None and start > as_of:
            assert row.status in ("planned", "unknown"), row.id


def test_the_rows_issue_12_named_follow_2019(dataset):
    rows = dataset.engagements.set_index("id")
    status = rows["status"].to_dict()
    # gfmd.org: Ecuador chaired in 2019; the UAE's 2020 chair was announced in 2019 (Gulf News, May 28, 2019).
    assert status["gfmd-ecu-chair"] == "active" and status["gfmd-are-chair"] == "planned"
    assert status["gfmd-deu-chair"] == status["gfmd-mar-chair"] == "completed"  # 2017 to 2018
    # The page's own tense: the IGC chair "has taken on" (active); the M5 chair and the roundtable "will" (planned).
    assert status["igc-can-chair"] == "active"
    assert status["m5-can-chair"] == status["gfmd-can-roundtable"] == status["gfmd-mar-roundtable"] == "planned"
    # New Zealand: among the page's GRSI active programs in 2019; its pilot ran in 2018; no end year is stated.
    assert status["grsi-nzl"] == "active" and pd.isna(rows.at["grsi-nzl", "end_year"])
    assert "ran in 2018" in rows.at["grsi-nzl", "description_en"]
    # Argentina: a GRSI partner from 2017 (its Programa Siria dates from 2014): the GRSI row starts in 2017.
    assert int(rows.at["grsi-arg", "start_year"]) == 2017 and "2014" in rows.at["grsi-arg", "description_en"]
    # IOM San José's page on the RCM observers is undated: whether each was an observer in 2019 is unknown.
    assert set(rows.loc[rows["role"] == "observer", "status"]) == {"unknown"}


def test_grsi_rows_cite_the_canada_ca_page_that_makes_them_grsi_countries(dataset):
    grsi = dataset.engagements[dataset.engagements["category"] == "grsi"]
    assert grsi["source"].str.startswith(IRCC_PAGE + "; ").all()
    assert grsi["source_fr"].str.startswith("IRCC, page Canada.ca\u00a0: Canada's International").all()


def test_each_citation_of_a_source_is_whole(dataset):
    """The footer lists a source's ';'-separated citations one by one: a ';' inside parentheses would cut one."""
    for frame in (dataset.engagements, dataset.programs, dataset.funding, dataset.reasons):
        for column in ("source", "source_fr"):
            for text in frame[column]:
                for part in text.split(";"):
                    assert part.count("(") == part.count(")") and part.strip(), (column, text)


def test_no_source_is_a_bare_site_or_organisation_name(dataset):
    frames = [dataset.engagements, dataset.programs, dataset.funding, dataset.reasons]
    parts = {part.strip() for frame in frames for column in ("source", "source_fr") for text in frame[column]
             for part in text.split(";")}
    assert not parts & {"gov.uk", "UNHCR", "IOM", "HCR", "OIM", "GRSI", "IMPR", "Argentine government"}


def test_unsupported_claims_are_gone_or_sourced(dataset):
    about = dict(zip(dataset.programs.index, dataset.programs["about_en"]))
    assert "state-led" not in about["GFMD"] and "UN migration agency" not in about["IOM"]
    # "informal": the Swiss State Secretariat for Migration's IGC page ("un processus informel").
    assert "informal" in about["IGC"] and "Swiss State Secretariat for Migration" in dataset.programs.at["IGC", "source"]


def test_official_french_names_one_form_everywhere(dataset):
    """The forms of IRCC's French pages (the README lists them with their pages), and never the old ones."""
    names = dict(zip(dataset.programs.index, dataset.programs["name_fr"]))
    assert "Programme d'élaboration de politiques en matière de migration (PEPM)" in names["MPDP"]
    assert names["RCM"] == "Conférence régionale sur les migrations (CRM)"
    assert names["GFMD"] == "Forum mondial sur les migrations et le développement (FMMD)"
    assert names["IGC"] == "Consultations intergouvernementales sur la migration, l'asile et les réfugiés (CIG)"
    assert "Enveloppe pour la coopération et l'engagement en matière de migration (ECEM)" in \
        dataset.funding.set_index("id").at["mcee", "name_fr"]
    french = [text for frame, columns in ((dataset.engagements, ("description_fr", "source_fr")),
                                          (dataset.programs, ("name_fr", "about_fr", "canada_role_fr", "theme_fr")),
                                          (dataset.funding, ("name_fr", "source_fr")))
              for column in columns for text in frame[column]]
    for old in ("ECMM", "mobilisation en matière de migration", "Conférence régionale sur la migration",
                "Forum mondial sur la migration et", "Migration Policy Development Program", "MPDP"):
        assert not [text for text in french if old in text], old
