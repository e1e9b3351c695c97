"""Words for a view, in one language: country names, years, engagement lines, the summary line, file names."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
from babel.dates import format_datetime

from dashboard.core import i18n
from dashboard.core.schema import CATEGORIES


def plain(text: str) -> str:
    """'Équateur' -> 'equateur': typed without accents, a name still matches."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()


def country_name(dataset, iso3: str, lang: str) -> str:
    return str(dataset.countries.at[iso3, f"name_{i18n.normalize_lang(lang)}"])


def years_text(start: object, end: object, lang: str) -> str:
    start = None if pd.isna(start) else int(start)
    end = None if pd.isna(end) else int(end)
    if start is None and end is None:
        return i18n.t("years_unknown", lang)
    if end is None:
        return i18n.t("years_from", lang, start=start)
    if start is None:
        return i18n.t("years_until", lang, end=end)
    if start == end:
        return str(start)
    return i18n.t("years_range", lang, start=start, end=end)


def engagement_line(row, lang: str) -> str:
    """'IGC · Chair · 2019 to 2020' (plus 'Not confirmed' when so), as plain text."""
    parts = [i18n.t(f"program_{row['program']}", lang), i18n.t(f"role_{row['role']}", lang)]
    years = years_text(row["start_year"], row["end_year"], lang)
    if years != i18n.t("years_unknown", lang):
        parts.append(years)
    if not row["confirmed"]:
        parts.append(i18n.t("unconfirmed_badge", lang))
    return " · ".join(parts)


def summary_line(rows: pd.DataFrame, lang: str) -> str:
    """'Shown: 33 countries, 66 engagements, 8 programs and forums.' for the rows under the current filters."""
    return i18n.t("summary", lang, countries=i18n.plural("countries_count", rows["iso3"].nunique(), lang),
                  engagements=i18n.plural("details_count", len(rows), lang),
                  programs=i18n.plural("programs_count", rows["program"].nunique(), lang))


def image_name(state) -> str:
    """'ircc-migration-engagement-map-en-grsi-ARG': the export says what it shows."""
    parts = ["ircc-migration-engagement-map", state.lang]
    if state.categories != CATEGORIES:
        parts.append("-".join(state.categories) or "none")
    parts += [p.lower() for p in state.programs] + list(state.regions)
    if state.years:
        parts.append(f"{state.years[0]}-{state.years[1]}")
    if state.country:
        parts.append(state.country)
    if getattr(state, "zoom", "world") != "world":
        parts.append(state.zoom)
    return "-".join(parts)


def format_moment(moment: dt.datetime, lang: str) -> str:
    return format_datetime(moment, format="long", locale=i18n.LOCALES[i18n.normalize_lang(lang)])
