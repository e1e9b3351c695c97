"""Citations: the sources (data/sources.csv) of given rows in one language, as data and as text, and "How to cite"."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import re

import pandas as pd

from dashboard.core import i18n

ENDS_WITH_URL = re.compile(r"https?://\S+$")
SEPARATOR = " | "  # between the citations of one row in a text cell (a title may hold ';' or ',')


@dataclasses.dataclass(frozen=True)
class Citation:
    """One source as a reader sees it in one language; `url` is None when no address was found."""

    id: str
    title: str
    title_lang: str      # the language the title is written in (the page marks it when it is not the page's)
    publisher: str
    date: str            # "March 6, 2019" / "6 mars 2019", "May 2025", "2019" or "Undated"
    url: str | None
    read: str            # how the address was read: "seen", "copy" or "not-found"
    note: str
    lang: str

    @property
    def where(self) -> str:
        """'https://…', 'Read on a copy: https://…' or 'Address not found.'"""
        if self.url is None:
            return i18n.t("citation_no_address", self.lang)
        if self.read == "copy":
            return i18n.t("citation_copy", self.lang, url=self.url)
        return self.url

    def text(self) -> str:
        """'Publisher. Title. Date. Address' as one line of plain text."""
        return " ".join(_sentence(part) for part in (self.publisher, self.title, self.date, self.where))


def _sentence(part: str) -> str:
    """A part closed by a full stop, unless it ends with one already or with an address (a '.' would join it)."""
    return part if part.endswith((".", "?", "!", "»", "\"")) or ENDS_WITH_URL.search(part) else part + "."


def format_date(value: str, lang: str) -> str:
    """sources.csv's YYYY, YYYY-MM or YYYY-MM-DD as a reader writes it; blank means undated."""
    lang = i18n.normalize_lang(lang)
    if not value:
        return i18n.t("citation_undated", lang)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return i18n.format_month(dt.date(parts[0], parts[1], 1), lang)
    return i18n.format_day(dt.date(*parts), lang)


def citation(sources: pd.DataFrame, source_id: str, lang: str) -> Citation:
    """The source `source_id` of the sources table (indexed by id) in lang: its French title and address where the
    publisher has them, else the published ones."""
    lang = i18n.normalize_lang(lang)
    row = sources.loc[source_id]
    french = lang == "fr"
    title = row["title_fr"] if french and row["title_fr"] else row["title_en"]
    title_lang = "fr" if french and row["title_fr"] else row["language"]
    if french and _present(row["url_fr"]):
        url, read = row["url_fr"], row["address_fr"]
    else:
        url, read = (row["url_en"], row["address_en"]) if _present(row["url_en"]) else (None, "not-found")
    return Citation(id=source_id, title=title, title_lang=title_lang, publisher=row[f"publisher_{lang}"],
                    date=format_date(row["date"], lang), url=url, read=read, note=row[f"note_{lang}"], lang=lang)


def _present(value: object) -> bool:
    return isinstance(value, str) and value != ""


def split_ids(cell: object) -> tuple[str, ...]:
    """'S01;S06' -> ('S01', 'S06')."""
    if isinstance(cell, tuple):
        return cell
    return tuple(part for part in str(cell).split(";") if part)


def cited_ids(rows: pd.DataFrame) -> tuple[str, ...]:
    """The distinct source ids of these rows, most cited first, then by id."""
    counts = collections.Counter(source for cell in rows["sources"] for source in split_ids(cell))
    return tuple(sorted(counts, key=lambda source: (-counts[source], _id_key(source))))


def _id_key(source_id: str) -> tuple:
    digits = "".join(ch for ch in source_id if ch.isdigit())
    return (source_id[:1], int(digits) if digits else 0, source_id)


def citations(sources: pd.DataFrame, rows: pd.DataFrame, lang: str) -> tuple[Citation, ...]:
    """The citations of these rows (any table with a `sources` column) in lang, most cited first: the one function
    the page, the downloads and the exports use."""
    return tuple(citation(sources, source_id, lang) for source_id in cited_ids(rows))


def row_citations(sources: pd.DataFrame, row: pd.Series, lang: str) -> tuple[Citation, ...]:
    """One row's citations in lang, in the row's own order."""
    return tuple(citation(sources, source_id, lang) for source_id in split_ids(row["sources"]))


def citations_text(found: tuple[Citation, ...] | list[Citation], separator: str = "\n") -> str:
    """The citations as plain text, one a line (or joined by `separator`)."""
    return separator.join(c.text() for c in found)


def all_citations(sources: pd.DataFrame, lang: str) -> tuple[Citation, ...]:
    """Every source of the data, by id."""
    return tuple(citation(sources, source_id, lang) for source_id in sorted(sources.index, key=_id_key))


def how_to_cite(metadata: dict[str, str], lang: str, address: str | None = None) -> str:
    """'Immigration, Refugees and Citizenship Canada (IRCC). Canada's International … map. Status as of 2019; data
    of 2026-12-02. <address>': the line to copy, with the dashboard's public address when one is configured."""
    lang = i18n.normalize_lang(lang)
    address = address or metadata.get("public_url") or ""
    text = i18n.t("how_to_cite_text", lang, department=i18n.t("department", lang), title=i18n.t("title", lang),
                  year=metadata["status_as_of"], date=metadata["date_modified"])
    return f"{text} {address}".strip()
