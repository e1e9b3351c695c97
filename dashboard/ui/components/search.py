"""The country search: a keyboard-accessible combobox over both languages' names, accents optional."""

from __future__ import annotations

from dash import dcc, html

from dashboard.core import i18n
from dashboard.core.load import Dataset
from dashboard.core.state import ViewState
from dashboard.core.text import plain
from dashboard.ui import ids


def dropdown_labels(lang: str, selected_count: str = "dropdown_selected_count") -> dict:
    """A dcc.Dropdown's own words in lang; `selected_count` names the string that agrees with what is counted."""
    keys = {"search": "dropdown_search", "clear_search": "dropdown_clear_search",
            "clear_selection": "dropdown_clear_selection", "no_options_found": "dropdown_no_options",
            "select_all": "dropdown_select_all", "deselect_all": "dropdown_deselect_all",
            "selected_count": selected_count}
    return {prop: i18n.t(key, lang) for prop, key in keys.items()}


def search_options(dataset: Dataset, lang: str) -> list[dict]:
    countries = dataset.countries.sort_values(f"name_{lang}", key=lambda names: names.map(plain))
    return [{"label": row[f"name_{lang}"], "value": iso3,
             "search": " ".join(dict.fromkeys([row["name_en"], row["name_fr"], plain(row["name_en"]),
                                               plain(row["name_fr"]), iso3]))}
            for iso3, row in countries.iterrows()]


def country_search(dataset: Dataset, state: ViewState) -> html.Div:
    lang = state.lang
    return html.Div(className="field search", children=[
        html.Label(i18n.t("search_label", lang), htmlFor=ids.SEARCH_COUNTRY),
        dcc.Dropdown(id=ids.SEARCH_COUNTRY, options=search_options(dataset, lang), value=state.country,
                     placeholder=i18n.t("search_placeholder", lang), searchable=True, clearable=True,
                     labels=dropdown_labels(lang), maxHeight=320),
    ])
