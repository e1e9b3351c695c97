"""Pure functions: filter state -> engagement rows -> per-country summary. No Dash imports."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

CATEGORIES = ("mpdp", "grsi", "forum")
# Fill codes of the engaged-countries layer: one per category, and one for a country in several.
FILL_CODE = {"mpdp": 1, "grsi": 2, "forum": 3}
SEVERAL = 4


@dataclasses.dataclass(frozen=True)
class Filters:
    categories: tuple[str, ...] = CATEGORIES
    programs: tuple[str, ...] = ()          # empty: every program
    regions: tuple[str, ...] = ()           # empty: every region
    years: tuple[int, int] | None = None    # None: every year
    confirmed_only: bool = False


def filter_engagements(engagements: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows matching every filter. Years keep rows that overlap the range; unknown years count as open-ended."""
    mask = engagements["category"].isin(filters.categories)
    if filters.programs:
        mask &= engagements["program"].isin(filters.programs)
    if filters.regions:
        mask &= engagements["region"].isin(filters.regions)
    if filters.years is not None:
        first, last = filters.years
        starts_in_time = engagements["start_year"].fillna(first) <= last
        ends_in_time = engagements["end_year"].fillna(last) >= first
        mask &= (starts_in_time & ends_in_time).astype(bool)
    if filters.confirmed_only:
        mask &= engagements["confirmed"]
    return engagements[mask.to_numpy(dtype=bool)]


def country_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per country: which categories it has, the fill code, and whether each category is all unconfirmed."""
    if rows.empty:
        columns = [*CATEGORIES, *(f"{c}_unconfirmed" for c in CATEGORIES), "fill", "engagements"]
        return pd.DataFrame(columns=columns, index=pd.Index([], name="iso3"))
    present = pd.crosstab(rows["iso3"], rows["category"]).reindex(columns=list(CATEGORIES), fill_value=0) > 0
    confirmed = pd.crosstab(rows["iso3"], [rows["category"], rows["confirmed"]])
    summary = present.copy()
    for category in CATEGORIES:
        has_confirmed = confirmed[(category, True)] > 0 if (category, True) in confirmed else False
        summary[f"{category}_unconfirmed"] = present[category] & ~pd.Series(has_confirmed, index=present.index)
    count = present[list(CATEGORIES)].sum(axis=1)
    single = present[list(CATEGORIES)].idxmax(axis=1).map(FILL_CODE)
    summary["fill"] = np.where(count > 1, SEVERAL, single)
    summary["engagements"] = rows.groupby("iso3").size()
    summary.index.name = "iso3"
    return summary


def category_counts(summary: pd.DataFrame) -> dict[str, int]:
    """Countries per category under the current filters (a country counts once in each of its categories)."""
    return {category: int(summary[category].sum()) if category in summary else 0 for category in CATEGORIES}


def year_bounds(engagements: pd.DataFrame, fallback: int) -> tuple[int, int]:
    """The span of known years in the data, for the year filter's ends; (fallback, fallback) when none is known."""
    years = pd.concat([engagements["start_year"], engagements["end_year"]]).dropna()
    return (int(years.min()), int(years.max())) if len(years) else (fallback, fallback)


def funding_totals(funding: pd.DataFrame) -> pd.DataFrame:
    """Sum of the funding streams that share a period (only those can be added); approximate if any part is."""
    grouped = funding.groupby(["period_en", "period_fr"], sort=False)
    totals = grouped.agg(amount_cad=("amount_cad", "sum"), streams=("id", "size"),
                         approximate=("approximate", lambda values: "yes" if (values == "yes").any() else "no"))
    return totals[totals["streams"] > 1].reset_index()
