"""The words and numbers of an exported view, in one language: title, filters in words, legend, sources, notes."""

from __future__ import annotations

import collections
import dataclasses

import pandas as pd

from dashboard.core import filtering, i18n, look
from dashboard.core.load import Dataset
from dashboard.core.schema import CATEGORIES, SOURCE_COLUMNS
from dashboard.core.state import ViewState, to_query
from dashboard.core.text import country_name, engagement_line, image_name, source_of, summary_line, years_text
from dashboard.core.views import DEFAULT_ZOOM

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
    counts = filtering.category_counts(summary)
    entries = [LegendEntry(c, i18n.t(f"cat_{c}", lang), i18n.plural("countries_count", counts[c], lang))
               for c in CATEGORIES]
    entries += [LegendEntry(key, i18n.t(f"legend_{key}", lang)) for key in look.LEGEND_EXTRAS]
    return tuple(entries)


def page_address(base_url: str, state: ViewState) -> str:
    """The dashboard's address for this view (presentation mode left out: an export is not a mode of the page)."""
    return base_url.rstrip("/") + "/" + to_query(state.replace(presenting=False))


def compose(dataset: Dataset, shown: Shown, base_url: str = "") -> Composition:
    """The words of a view. `base_url`: the dashboard's public address; none (empty) prints no view address."""
    state, rows, summary = shown.state, shown.rows, shown.summary
    lang = i18n.normalize_lang(state.lang)
    address = page_address(base_url, state) if base_url else ""
    return Composition(
        lang=lang,
        title=i18n.t("title", lang),
        department=i18n.t("department", lang),
        subtitle=filters_in_words(state),
        map_alt=i18n.t("export_map_alt", lang, what=filters_in_words(state)),
        summary=summary_line(rows, lang),
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
    )


def notes(dataset: Dataset, shown: Shown) -> list[str]:
    """The speaker notes of a slide, as lines: the selected country's engagements shown, each with its description
    and source, or the overview (the funding streams and each program or forum, with their sources)."""
    state, rows = shown.state, shown.rows
    lang = i18n.normalize_lang(state.lang)

    def sourced(value: object) -> str:
        return "  " + i18n.t("export_labelled", lang, label=i18n.t("field_sources", lang), value=value)

    lines = [filters_in_words(state), summary_line(rows, lang), ""]
    if state.country:
        shown = rows[rows["iso3"] == state.country]
        lines.append(country_name(dataset, state.country, lang))
        lines.append(i18n.plural("details_count", len(shown), lang))
        for _, row in shown.iterrows():
            lines += ["", "• " + engagement_line(row, lang), f"  {row[f'description_{lang}']}",
                      sourced(source_of(row, lang))]
        return lines
    lines.append(i18n.t("overview_funding", lang))
    for _, row in dataset.funding.iterrows():
        key = "funding_approx" if row["approximate"] == "yes" else "funding_exact"
        amount = i18n.t(key, lang, amount=i18n.format_money(row["amount_cad"], lang), period=row[f"period_{lang}"])
        lines += ["• " + i18n.t("export_labelled", lang, label=amount, value=row[f"name_{lang}"]),
                  sourced(source_of(row, lang))]
    lines += ["", i18n.t("overview_programs", lang)]
    for _, row in dataset.programs.iterrows():
        lines += ["• " + i18n.t("export_labelled", lang, label=row[f"name_{lang}"], value=row[f"canada_role_{lang}"]),
                  sourced(source_of(row, lang))]
    return lines
