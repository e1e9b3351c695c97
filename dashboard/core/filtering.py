"""Filters -> engagement rows -> per-country summary, counts and totals."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from dashboard.core.schema import CATEGORIES

# Fill codes of the engaged-countries layer: 1, 2, 3 for the categories in CATEGORIES' order, 4 for several.
SEVERAL = len(CATEGORIES) + 1


@dataclasses.dataclass(frozen=True)
class Filters:
    categories: tuple[str, ...] = CATEGORIES
    programs: tuple[str, ...] = ()          # empty: every program
    regions: tuple[str, ...] = ()           # empty: every region
    years: tuple[int, int] | None = None    # None: every year
    confirmed_only: bool = False


def filter_engagements(engagements: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows matching every filter. Years keep rows that overlap the range; unknown years count as open-ended.
    One boolean mask built with numpy: the cost grows with the rows, and nothing is copied before the end."""
    mask = _isin(engagements["category"], filters.categories)
    if filters.programs:
        mask &= _isin(engagements["program"], filters.programs)
    if filters.regions:
        mask &= _isin(engagements["region"], filters.regions)
    if filters.years is not None:
        first, last = filters.years
        starts = engagements["start_year"].to_numpy(dtype="float64", na_value=np.nan)
        ends = engagements["end_year"].to_numpy(dtype="float64", na_value=np.nan)
        mask &= ~(starts > last) & ~(ends < first)  # NaN (unknown) compares False: kept
    if filters.confirmed_only:
        mask &= engagements["confirmed"].to_numpy(dtype=bool)
    return engagements[mask]


def _isin(column: pd.Series, values: tuple[str, ...]) -> np.ndarray:
    if isinstance(column.dtype, pd.CategoricalDtype):  # load() makes the repeated text columns categorical
        wanted = np.isin(column.cat.categories, list(values))
        codes = column.cat.codes.to_numpy()
        return (codes >= 0) & wanted[codes]
    return np.array(column.isin(values), dtype=bool)  # a copy: pandas 3 hands out read-only views


def country_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per country: which categories it has, the fill code, and whether each category is all unconfirmed.
    Counted with numpy.bincount over (country, category) codes: a few milliseconds for 100,000 rows."""
    columns = [*CATEGORIES, *(f"{c}_unconfirmed" for c in CATEGORIES), "fill", "engagements"]
    if rows.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="iso3"))
    if isinstance(rows["iso3"].dtype, pd.CategoricalDtype):  # load(): codes for free, in countries.csv order
        country_codes, countries = rows["iso3"].cat.codes.to_numpy(), rows["iso3"].cat.categories
    else:
        country_codes, countries = pd.factorize(rows["iso3"], sort=True)
    category_codes = pd.Categorical(rows["category"], categories=CATEGORIES).codes
    keys = country_codes * len(CATEGORIES) + category_codes
    size = len(countries) * len(CATEGORIES)
    shape = (len(countries), len(CATEGORIES))
    present = np.bincount(keys, minlength=size).reshape(shape) > 0
    confirmed = rows["confirmed"].to_numpy(dtype=bool)
    has_confirmed = np.bincount(keys[confirmed], minlength=size).reshape(shape) > 0
    count = present.sum(axis=1)
    fill = np.where(count > 1, SEVERAL, np.argmax(present, axis=1) + 1)  # 1-based position in CATEGORIES
    summary = pd.DataFrame(present, columns=list(CATEGORIES), index=pd.Index(np.asarray(countries), name="iso3"))
    for position, category in enumerate(CATEGORIES):
        summary[f"{category}_unconfirmed"] = present[:, position] & ~has_confirmed[:, position]
    summary["fill"] = fill
    summary["engagements"] = np.bincount(country_codes, minlength=len(countries))
    return summary.loc[count > 0, columns]


# What the map, the counts and the summary line need of each row: filtering a narrow frame copies far less.
KEY_COLUMNS = ["iso3", "category", "program", "region", "start_year", "end_year", "confirmed"]


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
