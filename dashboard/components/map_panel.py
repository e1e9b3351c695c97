"""The map and its legend, whose counts follow the filters."""

from dash import dcc, html

from dashboard import i18n, ids, model, theme
from dashboard.components.filters import SYMBOL_GLYPH
from dashboard.data import Dataset
from dashboard.figures import base_figure
from dashboard.state import ViewState


def legend(counts: dict[str, int], lang: str) -> list:
    items = []
    for category in model.CATEGORIES:
        glyph = SYMBOL_GLYPH[theme.CATEGORY_SYMBOL[category]]
        items.append(html.Li(className=f"legend-item legend-{category}", children=[
            html.Span(glyph, className="glyph", style={"color": theme.CATEGORY_COLOR[category]},
                      **{"aria-hidden": "true"}),
            html.Span(i18n.t(f"cat_{category}", lang), className="legend-label"),
            html.Span(i18n.plural("countries_count", counts[category], lang), className="legend-count"),
        ]))
    items.append(html.Li(className="legend-item", children=[
        html.Span(className="swatch", style={"background": theme.SEVERAL_COLOR}, **{"aria-hidden": "true"}),
        html.Span(i18n.t("legend_several", lang), className="legend-label")]))
    items.append(html.Li(className="legend-item", children=[
        html.Span(className="swatch", style={"background": theme.NO_ENGAGEMENT_COLOR}, **{"aria-hidden": "true"}),
        html.Span(i18n.t("legend_none", lang), className="legend-label")]))
    items.append(html.Li(className="legend-item", children=[
        html.Span("○", className="glyph", **{"aria-hidden": "true"}),
        html.Span(i18n.t("legend_unconfirmed", lang), className="legend-label")]))
    return [html.H2(i18n.t("legend_title", lang), className="legend-title"), html.Ul(items, className="legend-list")]


def map_panel(dataset: Dataset, state: ViewState, geojson_url: str, topojson_url: str, counts: dict[str, int]
              ) -> html.Section:
    lang = state.lang
    return html.Section(id="map-section", className="panel map-panel", tabIndex="-1",
                        **{"aria-labelledby": "map-title"}, children=[
        html.H2(i18n.t("map_title", lang), id="map-title", className="visually-hidden"),
        html.P(i18n.t("map_help", lang), className="hint"),
        dcc.Graph(id=ids.MAP_GRAPH, figure=base_figure(dataset, geojson_url, state), className="map-graph",
                  config={
                      "topojsonURL": topojson_url,        # plotly.js would fetch base maps from its CDN otherwise
                      "showSendToCloud": False, "showEditInChartStudio": False, "plotlyServerURL": "",
                      "displaylogo": False, "scrollZoom": True, "responsive": True,
                      "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendDataToCloud"],
                      "toImageButtonOptions": {"filename": "ircc-migration-engagement-map", "scale": 2},
                  }),
        html.Div(legend(counts, lang), id=ids.MAP_LEGEND, className="legend", **{"aria-live": "polite"}),
    ])
