"""The page: a shell with the URL and a container, and the full page for one view state."""

from dash import dcc, html

from dashboard import ids, model
from dashboard.components.details import details_body
from dashboard.components.filters import filter_panel
from dashboard.components.footer import footer
from dashboard.components.header import header
from dashboard.components.map_panel import map_panel
from dashboard.data import Dataset
from dashboard.i18n import t
from dashboard.state import ViewState, to_query


def shell() -> html.Div:
    """The first layout: the page is rendered from the URL by a callback, so a shared link restores a view."""
    return html.Div([dcc.Location(id=ids.URL, refresh="callback-nav"), dcc.Store(id=ids.VIEW_STATE),
                     html.Div(id=ids.PAGE, className="page")])


def store_data(state: ViewState, origin: str) -> dict:
    """What the browser keeps of the view: the state, its query string, and whether a user made the change."""
    return {**state.to_store(), "query": to_query(state), "origin": origin}


def details_panel(dataset: Dataset, state: ViewState) -> html.Section:
    return html.Section(id=ids.DETAILS_PANEL, className="panel details", **{"aria-labelledby": "details-title"},
                        children=[
        html.Div(className="details-head", children=[
            html.H2(t("details_title", state.lang), id="details-title"),
            html.Button(t("details_clear", state.lang), id=ids.DETAILS_CLEAR, n_clicks=0, className="button link",
                        hidden=state.country is None),
        ]),
        html.Div(details_body(dataset, state), id=ids.DETAILS_BODY, **{"aria-live": "polite"}),
    ])


def page(dataset: Dataset, state: ViewState, geojson_url: str, topojson_url: str) -> list:
    summary = model.country_summary(model.filter_engagements(dataset.engagements, state.filters))
    counts = model.category_counts(summary)
    return [
        header(state),
        html.Main(className="layout", lang=state.lang, children=[
            filter_panel(dataset, state),
            map_panel(dataset, state, geojson_url, topojson_url, counts),
            details_panel(dataset, state),
        ]),
        footer(dataset, state),
    ]
