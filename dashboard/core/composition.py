"""The words and numbers of an exported view, in one language: title, filters in words, legend, sources, notes."""

from __future__ import annotations

import collections
import dataclasses

import pandas as pd
from babel import Locale

from dashboard.core import filtering, geo, i18n, look
from dashboard.core.load import Dataset
from dashboard.core.schema import CATEGORIES, SOURCE_COLUMNS
from dashboard.core.state import ViewState, to_query
from dashboard.core.text import (country_name, engagement_line, image_name, plain, source_of, summary_line,
                                 years_text)
from dashboard.core.views import DEFAULT_ZOOM, VIEWS, WORLD

SEPARATOR = " · "


@dataclasses.dataclass(frozen=True)
class LegendEntry:
    key: str          # a key of dashboard.core.look.LEGEND_KEYS: a category, an extra, or "selected"
    label: str
    count: str = ""   # "12 countries" for a category, empty for the other rows


@dataclasses.dataclass(frozen=True)
class Composition:
    """Everything an export writes, as plain text; drawing it is dashboard.ui.exports' job."""

    lang: str
    title: str
    department: str
    subtitle: str                   # the filters in words
    map_alt: str                    # the map's alternative text
    summary: str                    # "Shown: 33 countries, 66 engagements, 8 programs and forums."
    selected: str                   # "Outlined: Argentina", or empty
    legend_title: str
    legend: tuple[LegendEntry, ...]
    sources_label: str              # "Sources:"
    sources: tuple[str, ...]        # of the rows shown, most cited first
    date_modified: str              # "Date modified: November 24, 2026"
    geometry_credit: str
    view_url: str                   # the view's public address, or empty when none is configured
    view_line: str                  # "View: <address>", or empty
    file_stem: str                  # "ircc-migration-engagement-map-en-grsi-ARG"
    map_title: str = ""             # "Map of Central America and the Caribbean": the focus by name
    status: str = ""                # "Status as of 2019": the year every status describes
    caveat: str = ""                # how many of the rows shown are unconfirmed and what that means, or empty
    countries: tuple["CountryEntry", ...] = ()   # the engaged countries on the map, by name
    on_map_title: str = ""          # "Countries on the map (16)"

    def status_line(self) -> str:
        """'Status as of 2019 · 7 of the 40 engagements shown are not confirmed: …'."""
        return SEPARATOR.join(part for part in (self.status, self.caveat) if part)

    def names_candidates(self, left_out: list[str] | tuple[str, ...]) -> list[str]:
        """'Also on the map, not named on it: A, B, C' with every name left out, then one fewer and "and N more",
        down to one: a one-page document prints the longest that fits."""
        if not left_out:
            return []
        out = [i18n.t("export_not_named", self.lang, list=", ".join(left_out))]
        for kept in range(len(left_out) - 1, 0, -1):
            more = i18n.t("export_sources_more", self.lang, n=i18n.format_number(len(left_out) - kept, self.lang))
            out.append(i18n.t("export_not_named", self.lang, list=", ".join(left_out[:kept]) + ", " + more))
        return out

    def sources_text(self, budget: int | None = None) -> str:
        """'Sources: a; b; c; and 4 more', as many sources as fit in `budget` characters (all when None)."""
        return shorten_sources(self.sources_label, self.sources, self.lang, budget)

    def sources_candidates(self) -> list[str]:
        """The sources line with every source, then with one fewer and "and N more", down to one: a document
        prints the longest that fits its room."""
        if len(self.sources) <= 1:
            return [self.sources_text()]
        return [self.sources_text(), *(
            f"{self.sources_label} " + "; ".join(self.sources[:kept]) + "; "
            + i18n.t("export_sources_more", self.lang, n=i18n.format_number(len(self.sources) - kept, self.lang))
            for kept in range(len(self.sources) - 1, 0, -1))]

    def legend_rows(self) -> tuple[LegendEntry, ...]:
        """The legend's rows, the selected country's outline last when one is selected."""
        selected = (LegendEntry("selected", self.selected),) if self.selected else ()
        return (*self.legend, *selected)


@dataclasses.dataclass(frozen=True)
class EngagementEntry:
    """One engagement as a document lists it, every part in words."""
    category: str
    program: str       # the program's or forum's short name
    role: str
    years: str
    status: str        # in the year of the statuses (the column says which)
    amount: str        # empty when not known
    confirmed: bool
    confirmation: str  # "Confirmed" / "Not confirmed"
    source: str
    line: str          # "IGC · Chair · 2019 to 2020" (+ "Not confirmed")
    description: str = ""


@dataclasses.dataclass(frozen=True)
class CountryEntry:
    iso3: str
    name: str
    engagements: tuple[EngagementEntry, ...]


@dataclasses.dataclass(frozen=True)
class Shown:
    """What a view shows: its rows and per-country summary, computed once and handed to every part of an output."""

    state: ViewState
    rows: pd.DataFrame
    summary: pd.DataFrame

    @classmethod
    def of(cls, dataset: Dataset, state: ViewState) -> "Shown":
        rows = filtering.filter_engagements(dataset.engagements, state.filters)
        return cls(state, rows, filtering.country_summary(rows))


def shorten_sources(label: str, sources: tuple[str, ...] | list[str], lang: str, budget: int | None = None) -> str:
    if not sources:
        return f"{label} {i18n.t('export_sources_none', lang)}"
    text = f"{label} " + "; ".join(sources)
    if budget is None or len(text) <= budget:
        return text
    for kept in range(len(sources) - 1, 0, -1):
        more = i18n.t("export_sources_more", lang, n=i18n.format_number(len(sources) - kept, lang))
        text = f"{label} " + "; ".join(sources[:kept]) + "; " + more
        if len(text) <= budget:
            return text
    # Not even one whole source fits: cut the first one, and still say how many are left out.
    more = i18n.t("export_sources_more", lang, n=i18n.format_number(len(sources) - 1, lang))
    room = max(budget - len(label) - len(more) - 4, 8)
    return f"{label} {sources[0][:room].rstrip()}…; {more}"


def cited_sources(rows: pd.DataFrame, lang: str = "en") -> tuple[str, ...]:
    """The distinct sources of these rows in lang, each as its citation's text (dashboard.core.citations: publisher,
    title, date, address), most cited first."""
    column = SOURCE_COLUMNS[i18n.normalize_lang(lang)]
    counts = collections.Counter(text for cell in rows[column] for text in cell)
    return tuple(sorted(counts, key=lambda source: (-counts[source], source.casefold())))


def _joined(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return i18n.t("export_and", lang, first=", ".join(items[:-1]), last=items[-1])


def filters_in_words(state: ViewState) -> str:
    """'GRSI active programs only · 2017 to 2019 · confirmed facts only'; 'All engagements' for the default view."""
    lang = state.lang
    parts = []
    if not state.categories:
        parts.append(i18n.t("export_no_category", lang))
    elif state.categories != CATEGORIES:
        parts.append(i18n.t("export_only", lang,
                            what=_joined([i18n.t(f"cat_{c}", lang) for c in state.categories], lang)))
    if state.programs:
        parts.append(i18n.t("export_programs", lang,
                            list=", ".join(i18n.t(f"program_{p}", lang) for p in state.programs)))
    if state.regions:
        parts.append(i18n.t("export_regions", lang,
                            list=", ".join(i18n.t(f"region_{r}", lang) for r in state.regions)))
    if state.years is not None:
        parts.append(years_text(state.years[0], state.years[1], lang))
    if state.confirmed_only:
        parts.append(i18n.t("export_confirmed", lang))
    if state.zoom != DEFAULT_ZOOM:  # the regional focus the map shows
        parts.append(i18n.t(f"zoom_{state.zoom}", lang))
    return SEPARATOR.join(parts) if parts else i18n.t("export_all", lang)


def legend_entries(summary: pd.DataFrame, lang: str) -> tuple[LegendEntry, ...]:
    """The legend's rows that stand for something on the map: a category with no country, the several-categories
    fill with no such country and the unconfirmed key with no unconfirmed marker are left out."""
    counts = filtering.category_counts(summary)
    entries = [LegendEntry(c, i18n.t(f"cat_{c}", lang), legend_count(summary, c, counts[c], lang))
               for c in CATEGORIES if counts[c]]
    present = {
        "several": bool(len(summary)) and bool((summary[list(CATEGORIES)].sum(axis=1) > 1).any()),
        "none": True,
        "unconfirmed": bool(len(summary)) and bool(summary[[f"{c}_unconfirmed" for c in CATEGORIES]].any().any()),
    }
    entries += [LegendEntry(key, i18n.t(f"legend_{key}", lang)) for key in look.LEGEND_EXTRAS if present[key]]
    return tuple(entries)


def on_map_line(rows: pd.DataFrame, lang: str) -> str:
    """'On this map: 12 countries, 24 engagements, 3 programs and forums.' for a regional focus's rows."""
    return i18n.t("summary_on_map", lang, countries=i18n.plural("countries_count", rows["iso3"].nunique(), lang),
                  engagements=i18n.plural("details_count", len(rows), lang),
                  programs=i18n.plural("programs_count", rows["program"].nunique(), lang))


def legend_count(summary: pd.DataFrame, category: str, count: int, lang: str) -> str:
    """'7 countries', or '7 countries, 7 not confirmed' when some of the category's markers are white."""
    countries = i18n.plural("countries_count", count, lang)
    hollow = int(summary[f"{category}_unconfirmed"].sum()) if len(summary) else 0
    if not hollow:
        return countries
    one = Locale.parse(i18n.LOCALES[lang]).plural_form(hollow) == "one"
    return i18n.t("legend_count_unconfirmed_one" if one else "legend_count_unconfirmed", lang, countries=countries,
                  n=i18n.format_number(hollow, lang))


def map_title(state: ViewState) -> str:
    """'Map of Central America and the Caribbean' / « Carte de l'Amérique centrale et des Caraïbes »."""
    return i18n.t(f"map_of_{state.zoom if state.zoom in VIEWS else DEFAULT_ZOOM}", state.lang)


def on_map(dataset: Dataset, shown: "Shown") -> tuple[str, ...]:
    """The engaged countries the map shows, by name: on a regional focus, those whose point (their markers) is
    inside its frame, and those whose shape shows a fair part inside it (geo.VISIBLE_AREA)."""
    codes = list(shown.summary.index)
    view = VIEWS.get(shown.state.zoom, WORLD)
    if view is not WORLD and codes:
        points = dataset.countries.loc[codes, ["label_lon", "label_lat"]].to_numpy(dtype=float)
        xy = look.to_frame(points[:, 0], points[:, 1], view, look.DRAWING_WIDTH)
        height = look.frame_height(look.DRAWING_WIDTH)
        inside = (xy[:, 0] >= 0) & (xy[:, 0] <= look.DRAWING_WIDTH) & (xy[:, 1] >= 0) & (xy[:, 1] <= height)
        parts = geo.visible_parts(dataset.geometry_bytes, view.key)
        codes = [code for code, keep in zip(codes, inside)
                 if keep or parts.get(code, (0, 0, 0))[2] >= geo.VISIBLE_AREA]
    lang = i18n.normalize_lang(shown.state.lang)
    return tuple(sorted(codes, key=lambda code: plain(country_name(dataset, code, lang))))


def engagement_entry(dataset: Dataset, row, lang: str) -> EngagementEntry:
    amount = row["amount_cad"]
    confirmed = bool(row["confirmed"])
    return EngagementEntry(
        category=row["category"], program=i18n.t(f"program_{row['program']}", lang),
        role=i18n.t(f"role_{row['role']}", lang), years=years_text(row["start_year"], row["end_year"], lang),
        status=i18n.t(f"status_{row['status']}", lang),
        amount="" if pd.isna(amount) else i18n.format_money(amount, lang), confirmed=confirmed,
        confirmation=i18n.t("confirmed_yes" if confirmed else "confirmed_no", lang),
        source=str(source_of(row, lang)), line=engagement_line(row, lang),
        description=str(row[f"description_{lang}"]))


def country_entries(dataset: Dataset, rows: pd.DataFrame, codes, lang: str) -> tuple[CountryEntry, ...]:
    """Each country's rows (of `rows`) as a document lists them, in the order of `codes`."""
    by_country = {code: group for code, group in rows.groupby("iso3", sort=False)}
    return tuple(CountryEntry(code, country_name(dataset, code, lang), tuple(
        engagement_entry(dataset, row, lang) for _, row in by_country[code].iterrows()))
        for code in codes if code in by_country)


def caveat(rows: pd.DataFrame, lang: str) -> str:
    """How many of the rows shown are not confirmed, and what that means; empty when every one is confirmed."""
    n = int((~rows["confirmed"].astype(bool)).sum()) if len(rows) else 0
    if not n:
        return ""
    one = Locale.parse(i18n.LOCALES[lang]).plural_form(n) == "one"
    return i18n.t("export_unconfirmed_one" if one else "export_unconfirmed", lang,
                  n=i18n.format_number(n, lang), total=i18n.format_number(len(rows), lang))


def page_address(base_url: str, state: ViewState) -> str:
    """The dashboard's address for this view (presentation mode left out: an export is not a mode of the page)."""
    return base_url.rstrip("/") + "/" + to_query(state.replace(presenting=False))


def compose(dataset: Dataset, shown: Shown, base_url: str = "") -> Composition:
    """The words of a view. `base_url`: the dashboard's public address; none (empty) prints no view address."""
    state, rows, summary = shown.state, shown.rows, shown.summary
    lang = i18n.normalize_lang(state.lang)
    address = page_address(base_url, state) if base_url else ""
    codes = on_map(dataset, shown)
    countries = country_entries(dataset, rows, codes, lang)
    if VIEWS.get(state.zoom, WORLD) is not WORLD:
        # A regional focus's export is about what its map shows: its numbers, legend, caveat and sources count the
        # countries on the map and their rows, not those the filters keep elsewhere in the world.
        rows, summary = rows[rows["iso3"].isin(codes)], summary[summary.index.isin(codes)]
        counted = on_map_line(rows, lang)
    else:
        counted = summary_line(rows, lang)
    return Composition(
        lang=lang,
        title=i18n.t("title", lang),
        department=i18n.t("department", lang),
        subtitle=filters_in_words(state),
        # The focus is the map's name; the filters follow, without the focus again.
        map_alt=i18n.t("export_map_alt", lang, map=map_title(state),
                       what=filters_in_words(state.replace(zoom=DEFAULT_ZOOM))),
        summary=counted,
        selected=i18n.t("export_selected", lang, country=country_name(dataset, state.country, lang))
        if state.country else "",
        legend_title=i18n.t("legend_title", lang),
        legend=legend_entries(summary, lang),
        sources_label=i18n.t("export_sources", lang),
        sources=cited_sources(rows, lang),
        date_modified=f"{i18n.t('date_modified', lang)} {i18n.format_day(dataset.date_modified, lang)}",
        geometry_credit=i18n.t("geometry_credit", lang),
        view_url=address,
        view_line=i18n.t("export_view", lang, url=address) if address else "",
        file_stem=image_name(state),
        map_title=map_title(state),
        status=i18n.t("export_status", lang, year=dataset.status_as_of),
        caveat=caveat(rows, lang),
        countries=countries,
        on_map_title=i18n.plural("export_on_map", len(countries), lang),
    )


def notes(dataset: Dataset, shown: Shown, words: Composition | None = None) -> list[str]:
    """The speaker notes of a slide, as lines: what the slide shows (filters, summary, the status date and the
    caveat), then each country on the map with its engagements shown and their sources, the selected one first."""
    state, rows = shown.state, shown.rows
    lang = i18n.normalize_lang(state.lang)
    words = words or compose(dataset, shown)

    def sourced(value: object) -> str:
        return "  " + i18n.t("export_labelled", lang, label=i18n.t("field_sources", lang), value=value)

    lines = [words.map_title, filters_in_words(state), words.summary, words.status_line(), ""]
    countries = list(words.countries)
    if state.country:
        selected = [entry for entry in countries if entry.iso3 == state.country]
        countries = selected + [entry for entry in countries if entry.iso3 != state.country]
        if not selected:  # off the focus's frame, or nothing shown: still named first
            lines += [country_name(dataset, state.country, lang),
                      i18n.plural("details_count", int((rows["iso3"] == state.country).sum()), lang), ""]
    lines.append(words.on_map_title)
    for entry in countries:
        lines += ["", entry.name, i18n.plural("details_count", len(entry.engagements), lang)]
        for engagement in entry.engagements:
            lines.append("• " + engagement.line)
            if entry.iso3 == state.country:  # the country the slide outlines: what each engagement is, too
                lines.append(f"  {engagement.description}")
            lines.append(sourced(engagement.source))
    return lines
