"""A country's profile (GET /export/profile.pdf?country=ARG&lang=fr): its name, a locator map of its region with it
outlined and named, every engagement of Canada's with it grouped by category (role, years, status in the statuses'
year, amount where known, confirmation and source), the status date and the data's date: one or two pages, typeset
from templates/profile.typ by the one document engine, on the one drawing of the map."""

from __future__ import annotations

import dataclasses

from dashboard.core import composition, i18n, look
from dashboard.core.composition import Shown
from dashboard.core.load import Dataset
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import ViewState
from dashboard.core.text import country_name, slug
from dashboard.core.views import region_of
from dashboard.ui import documents

PAGE = (612.0, 792.0)  # Letter, portrait: a profile reads as a page of a binder


def locator_view(dataset: Dataset, state: ViewState) -> ViewState:
    """The profile's map: every engagement (no filter), the country outlined, on the focus that shows its point."""
    lon, lat = dataset.countries.loc[state.country, ["label_lon", "label_lat"]].astype(float)
    return ViewState(lang=i18n.normalize_lang(state.lang), country=state.country,
                     zoom=region_of(lon, lat))


def file_name(state: ViewState) -> str:
    """'ircc-country-profile-en-ARG.pdf' / 'ircc-profil-pays-fr-ARG.pdf'."""
    lang = i18n.normalize_lang(state.lang)
    return f"ircc-{slug(i18n.t('profile_title', lang))}-{lang}-{state.country or i18n.t('file_none', lang)}.pdf"


def profile_data(dataset: Dataset, state: ViewState) -> dict:
    from dashboard.ui.exports import files  # files names this module among its exports

    if not state.country or state.country not in dataset.countries.index:
        raise LookupError("no country of the data")
    view = locator_view(dataset, state)
    lang, iso3 = view.lang, view.country
    name = country_name(dataset, iso3, lang)
    shown = Shown.of(dataset, view)
    words = composition.compose(dataset, shown)
    drawn = files.map_data(dataset, shown, words, named=[iso3], label_size=look.LOCATOR_LABEL_SIZE)
    drawn["alt"] = i18n.t("profile_locator", lang, map=words.map_title, country=name)
    rows = dataset.engagements[dataset.engagements["iso3"] == iso3]
    groups = []
    for category in CATEGORIES:
        here = rows[rows["category"] == category]
        if len(here):
            groups.append({"title": i18n.t(f"cat_{category}", lang), "key": look.key_svg(category),
                           "engagements": [{**dataclasses.asdict(composition.engagement_entry(dataset, row, lang)),
                                            "program_name": str(dataset.programs.at[row["program"], f"name_{lang}"])}
                                           for _, row in here.iterrows()]})
    date = i18n.format_day(dataset.date_modified, lang)
    return {
        "lang": lang, "title": f"{name} · {i18n.t('profile_title', lang)}", "department": words.department,
        "subject": i18n.t("title", lang), "heading": i18n.t("profile_title", lang), "name": name,
        "dashboard_title": i18n.t("title", lang), "map": drawn,
        "count": i18n.plural("details_count", len(rows), lang),
        "status": words.status, "caveat": composition.caveat(rows, lang),
        "engagements_title": i18n.t("profile_engagements", lang),
        "none": i18n.t("details_none", lang) if rows.empty else "",
        "fields": {"role": i18n.t("column_role", lang), "years": i18n.t("field_years", lang),
                   "status": i18n.t("field_status", lang, year=dataset.status_as_of),
                   "amount": i18n.t("field_amount", lang), "confirmed": i18n.t("field_confirmed", lang),
                   "source": i18n.t("field_sources", lang), "program": i18n.t("column_program", lang)},
        "groups": groups,
        "data_date": i18n.t("profile_data_date", lang, date=date),
        "footer": " · ".join((words.date_modified, words.department, words.geometry_credit)),
        "page": {"width": PAGE[0], "height": PAGE[1]},
    }


def build(dataset: Dataset, state: ViewState) -> bytes:
    """The profile as PDF; LookupError when the state names no country of the data."""
    return documents.typeset("profile", profile_data(dataset, state), "pdf")
