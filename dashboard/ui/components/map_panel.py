"""The map and its legend, whose counts follow the filters."""

import pandas as pd
from dash import dcc, html

from dashboard.core import filtering, i18n, look
from dashboard.core.composition import filters_in_words
from dashboard.core.load import Dataset
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import SHOW_ALL, SHOW_CATEGORY, SHOW_PROGRAM, ViewState, show_value
from dashboard.core.text import summary_line
from dashboard.core.views import REGION_VIEWS
from dashboard.ui import ids
from dashboard.ui.components.downloads import downloads, export_status
from dashboard.ui.components.search import country_search, dropdown_labels
from dashboard.ui.components.text_version import text_version
from dashboard.ui.figures import base_figure


def legend(counts: dict[str, int], lang: str, shown: tuple[str, ...] = CATEGORIES, status_as_of: int | None = None
           ) -> list:
    """The key, whose category rows are also controls: hovering or focusing one highlights its countries on the map
    (assets/projector.js, in the page), pressing it shows or hides the category, in step with the filter's checkboxes."""
    items = []
    for category in CATEGORIES:
        key = look.LEGEND_KEYS[category]
        items.append(html.Li(className=f"legend-item legend-{category}", children=[
            html.Button(id=ids.MAP_LEGEND_TOGGLE[category], className="legend-toggle", n_clicks=0,
                        title=i18n.t("legend_help", lang),
                        **{"data-category": category, "aria-pressed": "true" if category in shown else "false",
                           "aria-describedby": "legend-help"}, children=[
                html.Span(key.glyph, className="glyph", style={"color": key.color},
                          **{"aria-hidden": "true"}),
                html.Span(i18n.t(f"cat_{category}", lang), className="legend-label"),
                html.Span(i18n.plural("countries_count", counts[category], lang), className="legend-count",
                          id=ids.MAP_LEGEND_COUNT[category]),
            ]),
        ]))
    for key in look.LEGEND_EXTRAS:
        spec = look.LEGEND_KEYS[key]
        mark = (html.Span(className="swatch", style={"background": spec.color}, **{"aria-hidden": "true"})
                if spec.kind == "swatch" else
                html.Span(spec.glyph, className="glyph", style={"color": spec.color}, **{"aria-hidden": "true"}))
        items.append(html.Li(className="legend-item", children=[
            mark, html.Span(i18n.t(f"legend_{key}", lang), className="legend-label")]))
    children = [html.H2(i18n.t("legend_title", lang), className="legend-title"), html.Ul(items, className="legend-list"),
                html.P(i18n.t("legend_help", lang), id="legend-help", className="visually-hidden")]
    if status_as_of is not None:
        children.append(html.P(i18n.t("status_as_of_note", lang, year=status_as_of), className="hint legend-note"))
    return children


def zoom_choice(state: ViewState) -> html.Fieldset:
    """Regional focus: one choice among the regions (radio buttons: Tab reaches the group, arrow keys move)."""
    lang = state.lang
    return html.Fieldset(className="zoom", children=[
        html.Legend(i18n.t("zoom_title", lang), className="visually-hidden"),
        html.Span(i18n.t("zoom_title", lang), className="zoom-title", **{"aria-hidden": "true"}),
        dcc.RadioItems(id=ids.MAP_ZOOM, value=state.zoom, inline=True, className="zoom-choice",
                       options=[{"label": i18n.t(f"zoom_{view.key}", lang), "value": view.key}
                                for view in REGION_VIEWS]),
    ])


def show_choice(dataset: Dataset, state: ViewState) -> html.Div:
    """In presentation mode, one compact list picks what the map shows: everything, a category, or one program or
    forum (its card then floats over the map), without leaving the mode (dashboard.core.state.shown_for)."""
    lang = state.lang
    options = [{"label": i18n.t("export_all", lang), "value": SHOW_ALL}]
    options += [{"label": i18n.t(f"show_cat_{c}", lang), "value": SHOW_CATEGORY + c} for c in CATEGORIES]
    options += [{"label": dataset.programs.at[p, f"name_{lang}"], "value": SHOW_PROGRAM + p}
                for p in dataset.programs.index]
    return html.Div(className="present-show present-only-block", children=[
        html.Label(i18n.t("present_show", lang), htmlFor=ids.PRESENT_SHOW, className="present-show-label"),
        dcc.Dropdown(id=ids.PRESENT_SHOW, options=options, value=show_value(state), clearable=False,
                     searchable=False, className="present-show-list", labels=dropdown_labels(lang)),
    ])


def toolbar(dataset: Dataset, state: ViewState) -> html.Div:
    lang = state.lang
    return html.Div(className="toolbar", children=[
        country_search(dataset, state),
        show_choice(dataset, state),
        html.Div(className="toolbar-buttons", children=[
            html.Button(i18n.t("present_off" if state.presenting else "present_on", lang), id=ids.PRESENT_TOGGLE,
                        n_clicks=0, className="button", **{"aria-pressed": "true" if state.presenting else "false"}),
            html.Button(i18n.t("print", lang), id=ids.PRINT_BUTTON, n_clicks=0, className="button"),
            downloads(state),
        ]),
        export_status(state),
        zoom_choice(state),
        dcc.Store(id=ids.PRESENT_STEP), dcc.Store(id=ids.BRIEFING_ACTION), dcc.Store(id=ids.MAP_CLICK),
        dcc.Store(id=ids.SEARCH_PICK),
    ])


def map_graph(dataset: Dataset, state: ViewState, geojson_url: str, topojson_url: str, summary: pd.DataFrame
              ) -> dcc.Graph:
    lang = state.lang
    return dcc.Graph(id=ids.MAP_GRAPH, figure=base_figure(dataset, geojson_url, state, summary),
                     className="map-graph-plot", config={
        "topojsonURL": topojson_url,        # plotly.js would fetch base maps from its CDN otherwise
        "showSendToCloud": False, "showEditInChartStudio": False, "plotlyServerURL": "",
        "displaylogo": False, "scrollZoom": True, "responsive": True,
        # The camera's bare PNG gives way to the Download menu's composed exports (title, legend, sources).
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendDataToCloud", "toImage"],
        # The toolbar's tooltips and notices in the page's language, sent with the page (no locale script from
        # elsewhere); the language link renders the page again, and with it this config.
        "locale": lang, "locales": {lang: i18n.plotly_locale(lang)},
    })


def map_panel(dataset: Dataset, state: ViewState, geojson_url: str, topojson_url: str, rows: pd.DataFrame,
              picture_url: str | None = None, caption: list | None = None) -> html.Section:
    lang = state.lang
    summary = filtering.country_summary(rows)  # computed once: the legend's counts and the map's layers share it
    counts = filtering.category_counts(summary)
    return html.Section(id=ids.MAP_SECTION, className="panel map-panel", tabIndex="-1",
                        **{"aria-labelledby": "map-title"}, children=[
        html.H2(i18n.t("map_title", lang), id="map-title", className="visually-hidden"),
        toolbar(dataset, state),
        # While a briefing plays: its step, caption and keys (dashboard.ui.components.briefing), above the map.
        html.Div(caption or [], id=ids.BRIEFING_CAPTION, className="briefing-caption", **{"aria-live": "polite"}),
        html.P(filters_in_words(state), id=ids.MAP_VIEW_WORDS, className="print-view"),
        html.P(summary_line(rows, lang), id=ids.MAP_SUMMARY, className="summary", **{"aria-live": "polite"}),
        html.P([html.Span(i18n.t("map_help", lang), className="normal-only"), " ",
                html.Span([i18n.t("present_help", lang), " ", i18n.t("present_escape", lang)], className="present-only")],
               className="hint map-hint"),
        # "Canada: 3 of 6" while the arrow keys step through the countries shown (assets/projector.js fills it).
        html.P(id=ids.PRESENT_COUNTER, className="present-counter", **{"aria-live": "polite",
                                                                         "data-template": i18n.t("present_counter", lang)}),
        # The map's frame, holding the same map as a still picture, painted as soon as the page is (ui/picture.py):
        # the graph itself is a lazy component, drawn only once its code and plotly.js are in.
        html.Div(map_graph(dataset, state, geojson_url, topojson_url, summary), className="map-graph",
                 **({"style": {"backgroundImage": f'url("{picture_url}")'}} if picture_url else {})),
        html.Div(legend(counts, lang, state.categories, dataset.status_as_of), id=ids.MAP_LEGEND, className="legend"),
        text_version(lang),
    ])

