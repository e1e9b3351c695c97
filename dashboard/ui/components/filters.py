"""The filter panel: engagement type, program or forum, region, years, confirmed only, and reset."""

from dash import dcc, html

from dashboard.core import i18n, look
from dashboard.core.load import Dataset
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import ViewState
from dashboard.ui import ids
from dashboard.ui.components.search import dropdown_labels


def category_label(category: str, lang: str) -> html.Span:
    glyph = look.CATEGORY_GLYPH[category]
    return html.Span([
        html.Span(glyph, className="glyph", style={"color": look.CATEGORY_COLOR[category]}, **{"aria-hidden": "true"}),
        " ", i18n.t(f"cat_{category}", lang)])


def filter_panel(dataset: Dataset, state: ViewState) -> html.Section:
    lang = state.lang
    first, last = dataset.year_bounds
    years = state.years or (first, last)
    programs = list(dataset.programs.index)
    regions = sorted(dataset.countries["region"].unique())
    return html.Section(className="panel filters", **{"aria-labelledby": "filters-title"}, children=[
        html.H2(i18n.t("filters_title", lang), id="filters-title"),
        html.Fieldset([
            html.Legend(i18n.t("filter_category", lang)),
            dcc.Checklist(id=ids.FILTER_CATEGORY, value=list(state.categories), className="checklist",
                          options=[{"label": category_label(c, lang), "value": c} for c in CATEGORIES]),
        ]),
        html.Fieldset([
            html.Legend(i18n.t("filter_program", lang)),
            dcc.Checklist(id=ids.FILTER_PROGRAM, value=list(state.programs), className="checklist inline",
                          options=[{"label": html.Span(i18n.t(f"program_{p}", lang),
                                                       title=dataset.programs.at[p, f"name_{lang}"]), "value": p}
                                   for p in programs]),
        ]),
        html.Div(className="field", children=[
            html.Label(i18n.t("filter_region", lang), htmlFor=ids.FILTER_REGION),
            dcc.Dropdown(id=ids.FILTER_REGION, multi=True, value=list(state.regions), searchable=False,
                         placeholder=i18n.t("filter_region_placeholder", lang),
                         labels=dropdown_labels(lang, "dropdown_selected_regions"),
                         options=[{"label": i18n.t(f"region_{r}", lang), "value": r} for r in regions]),
        ]),
        html.Div(className="field", children=[
            html.Label(i18n.t("filter_years", lang), id="filter-years-label"),
            dcc.RangeSlider(id=ids.FILTER_YEARS, min=first, max=last, step=1, value=list(years),
                            marks={y: str(y) for y in range(first, last + 1)}, allowCross=False,
                            allow_direct_input=False,  # its two number boxes have no labels (axe: label)
                            tooltip={"placement": "bottom", "always_visible": False}),
            html.P(i18n.t("filter_years_note", lang), className="hint"),
        ]),
        dcc.Checklist(id=ids.FILTER_CONFIRMED, value=["yes"] if state.confirmed_only else [], className="checklist",
                      options=[{"label": i18n.t("filter_confirmed", lang), "value": "yes"}]),
        html.Button(i18n.t("filter_reset", lang), id=ids.FILTER_RESET, n_clicks=0, className="button"),
    ])
