"""Pure: the filtered engagements as a table of text in one language, for the text version and the CSV export."""

from __future__ import annotations

import pandas as pd

from dashboard.core import filtering, i18n
from dashboard.core.citations import SEPARATOR, cited_ids, citation
from dashboard.core.load import Dataset
from dashboard.core.text import years_text

# Columns of the text version, in order; "country" and "source" are always present (every row is citable).
COLUMNS = ("country", "category", "program", "role", "years", "status", "amount", "confirmed", "description",
           "source")
SORTABLE = ("country", "category", "program", "role", "years", "status", "confirmed")
DEFAULT_SORT = ("country", True)


def next_sort(current: object, column: object) -> tuple[str, bool]:
    """A header pressed once sorts ascending, twice descending; anything malformed keeps the default."""
    sort = tuple(current) if isinstance(current, (list, tuple)) and len(current) == 2 else DEFAULT_SORT
    if column not in SORTABLE:
        return sort if sort[0] in SORTABLE and isinstance(sort[1], bool) else DEFAULT_SORT
    return (column, not sort[1]) if sort[0] == column else (column, True)


def engagement_table(dataset: Dataset, rows: pd.DataFrame, lang: str, sort: tuple[str, bool] = DEFAULT_SORT
                     ) -> pd.DataFrame:
    """One row per engagement shown, every cell as the reader sees it; iso3, id and the source ids kept for links and
    exports, and each row's citations as data (dashboard.core.citations.Citation) for the links the page shows."""
    lang = i18n.normalize_lang(lang)
    known = {source_id: citation(dataset.sources, source_id, lang) for source_id in cited_ids(rows)}
    cited = [tuple(known[source_id] for source_id in ids) for ids in rows["sources"]]
    table = pd.DataFrame({
        "id": rows["id"].to_numpy(),
        "iso3": rows["iso3"].to_numpy(),
        "country": dataset.countries.loc[rows["iso3"], f"name_{lang}"].to_numpy(),
        "category": [i18n.t(f"cat_short_{c}", lang) for c in rows["category"]],
        "program": [i18n.t(f"program_{p}", lang) for p in rows["program"]],
        "role": [i18n.t(f"role_{r}", lang) for r in rows["role"]],
        "years": [years_text(s, e, lang) for s, e in zip(rows["start_year"], rows["end_year"])],
        "status": [i18n.t(f"status_{s}", lang) for s in rows["status"]],
        "amount": [i18n.t("amount_unknown", lang) if pd.isna(a) else i18n.format_money(a, lang)
                   for a in rows["amount_cad"]],
        "confirmed": [i18n.t("confirmed_yes" if c else "confirmed_no", lang) for c in rows["confirmed"]],
        "description": rows[f"description_{lang}"].to_numpy(),
        "source": [SEPARATOR.join(c.text() for c in found) for found in cited],
        "source_ids": [";".join(ids) for ids in rows["sources"]],
        "citations": cited,
        # Sort keys that are not the displayed text: years by number, unknown last.
        "_start": rows["start_year"].fillna(9999).astype(int).to_numpy(),
    })
    column, ascending = sort if sort[0] in SORTABLE else DEFAULT_SORT
    keys = ["_start" if column == "years" else column, "country", "program"]
    table = table.sort_values(keys, ascending=[ascending, True, True], key=_collate, kind="stable")
    return table.drop(columns="_start").reset_index(drop=True)


def _collate(values: pd.Series) -> pd.Series:
    """Sort text as a reader expects: without case or accents ("Équateur" between "Égypte" and "Espagne")."""
    if values.dtype.kind in "iuf":
        return values
    return values.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii").str.casefold()


def column_label(column: str, lang: str, status_as_of: int) -> str:
    """A column's header in lang; the status column names the year its statuses describe."""
    return i18n.t(f"column_{column}", lang, year=status_as_of)


def to_csv(table: pd.DataFrame, lang: str, status_as_of: int) -> str:
    """The table as CSV with headers in the reader's language, plus the ISO3 code and the row's id."""
    columns = csv_columns()
    headers = {column: column_label(column, lang, status_as_of) for column in columns}
    return table[columns].rename(columns=headers).to_csv(index=False, lineterminator="\n")


def csv_columns() -> list[str]:
    """The columns of the downloads (CSV and spreadsheet): the text version's, with the ISO3 code, the source ids
    (sources.csv) and the row's id, so that a reuser can join them."""
    return ["iso3", *COLUMNS, "source_ids", "id"]


def shown_rows(dataset: Dataset, state) -> pd.DataFrame:
    """The engagements the view shows (every column)."""
    return filtering.filter_engagements(dataset.engagements, state.filters)
