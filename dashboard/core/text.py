"""Words for a view, in one language: country names, years, engagement lines, the summary line, file names."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
from babel.dates import format_time

from dashboard.core import i18n
from dashboard.core.citations import SEPARATOR
from dashboard.core.schema import CATEGORIES, SOURCE_COLUMNS
from dashboard.core.views import DEFAULT_ZOOM


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


# Canada's leading roles first: a briefer names the chair before the members.
ROLE_ORDER = ("chair", "co-chair", "roundtable-co-chair", "secretariat", "headquarters", "partner", "partner-program",
              "project-location", "member", "observer")


def leading_first(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with the leading roles first (ROLE_ORDER), otherwise in their order."""
    rank = rows["role"].map({role: i for i, role in enumerate(ROLE_ORDER)}).fillna(len(ROLE_ORDER))
    return rows.iloc[sorted(range(len(rows)), key=lambda i: (rank.iloc[i], i))]


def summary_line(rows: pd.DataFrame, lang: str) -> str:
    """'Shown: 33 countries, 66 engagements, 8 programs and forums.' for the rows under the current filters."""
    return i18n.t("summary", lang, countries=i18n.plural("countries_count", rows["iso3"].nunique(), lang),
                  engagements=i18n.plural("details_count", len(rows), lang),
                  programs=i18n.plural("programs_count", rows["program"].nunique(), lang))


def source_of(row, lang: str) -> str:
    """A data row's citations in lang as one line of text (dashboard.core.citations), ' | ' between them."""
    return SEPARATOR.join(row[SOURCE_COLUMNS[i18n.normalize_lang(lang)]])


def slug(text: str) -> str:
    """'Amérique du Nord' -> 'amerique-du-nord': a part of a file name."""
    return "-".join(plain(text).replace("'", " ").split())


def image_name(state) -> str:
    """'ircc-migration-engagement-map-en-grsi-ARG' / 'ircc-carte-engagements-migration-fr-impr-ARG': the export
    says what it shows, in the page's language (programs, categories and regions by their names in it)."""
    return "-".join([i18n.t("file_map", i18n.normalize_lang(state.lang)), *view_parts(state)])


def view_parts(state, table: bool = False) -> list[str]:
    """The parts of a download's name after its kind: the language, then what the view shows; for a table, its
    filters alone (the outlined country and the map's region shown choose no rows)."""
    lang = i18n.normalize_lang(state.lang)
    parts = [lang]
    if state.categories != CATEGORIES:
        # The two one-program categories by their program's abbreviation in lang (grsi / impr), forums as "forum".
        names = [slug(i18n.t(f"program_{c.upper()}", lang)) if c in ("mpdp", "grsi") else c for c in state.categories]
        parts.append("-".join(names) or i18n.t("file_none", lang))
    parts += [slug(i18n.t(f"program_{p}", lang)) for p in state.programs]
    parts += [slug(i18n.t(f"region_{r}", lang)) for r in state.regions]
    if state.years:
        parts.append(f"{state.years[0]}-{state.years[1]}")
    if table:
        return parts + ([i18n.t("file_confirmed", lang)] if state.confirmed_only else [])
    if state.country:
        parts.append(state.country)
    if state.zoom != DEFAULT_ZOOM:
        parts.append(slug(i18n.t(f"zoom_{state.zoom}", lang)))
    return parts


def table_file_name(state, extension: str = "csv") -> str:
    """'ircc-migration-engagements-en.csv' for the whole table, 'ircc-engagements-migration-fr-impr-2017-2019.csv'
    for a filtered one: named after the rows it holds, like the exports after their view."""
    return "-".join([i18n.t("file_table", i18n.normalize_lang(state.lang)), *view_parts(state, table=True)]) + \
        f".{extension}"


def format_moment(moment: dt.datetime, lang: str) -> str:
    """A moment as Canada.ca writes one: 'December 2, 2026, at 2:05 p.m. (UTC)' / '2 décembre 2026 à 14 h 05
    (UTC)'."""
    lang = i18n.normalize_lang(lang)
    moment = moment.astimezone(dt.timezone.utc)
    day = i18n.format_day(moment.date(), lang)
    if lang == "fr":
        return day + " à " + format_time(moment, "H 'h' mm", locale=i18n.LOCALES[lang]) + " (UTC)"
    return day + ", at " + format_time(moment, "h:mm a", locale=i18n.LOCALES[lang]) + " (UTC)"
