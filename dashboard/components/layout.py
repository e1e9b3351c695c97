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
from dashboard.reload import banner_shell
from dashboard.state import ViewState, to_query


def shell(children: list | None = None, class_name: str = "page", view: dict | None = None) -> html.Div:
    """The first layout: the URL, the view state and the page, rendered from the URL by a callback when the
    layout does not already bring it (dashboard.app), so a shared link restores a view."""
    return html.Div([dcc.Location(id=ids.URL, refresh="callback-nav"), dcc.Store(id=ids.VIEW_STATE, data=view),
                     *banner_shell(), html.Div(children, id=ids.PAGE, className=class_name)])


CHANGES = ("filters", "programs", "country", "presenting")


def store_data(state: ViewState, origin: str, previous: ViewState | None = None) -> dict:
    """What the browser keeps of the view: the state, its query string, whether a user made the change, and
    what changed since the previous state (so the view resends only what differs)."""
    changed = list(CHANGES)
    if previous is not None:
        changed = [part for part, differs in (("filters", previous.filters != state.filters),
                                              ("programs", previous.programs != state.programs),
                                              ("country", previous.country != state.country),
                                              ("presenting", previous.presenting != state.presenting)) if differs]
    return {**state.to_store(), "query": to_query(state), "origin": origin, "changed": changed}


def details_panel(dataset: Dataset, state: ViewState) -> html.Section:
    # Focusable: in presentation mode it scrolls on its own, and a keyboard must be able to scroll it.
    return html.Section(id=ids.DETAILS_PANEL, className="panel details", tabIndex="0",
                        **{"aria-labelledby": "details-title"},
                        children=[
        html.Div(className="details-head", children=[
            html.H2(t("details_title", state.lang), id="details-title"),
            html.Button(t("details_clear", state.lang), id=ids.DETAILS_CLEAR, n_clicks=0, className="button link",
                        hidden=state.country is None),
        ]),
        html.Div(details_body(dataset, state), id=ids.DETAILS_BODY, **{"aria-live": "polite"}),
    ])


def page(dataset: Dataset, state: ViewState, geojson_url: str, topojson_url: str) -> list:
    rows = model.filter_engagements(dataset.engagements, state.filters)
    return [
        header(state),
        html.Main(className="layout", lang=state.lang, children=[
            filter_panel(dataset, state),
            map_panel(dataset, state, geojson_url, topojson_url, rows),
            details_panel(dataset, state),
        ]),
        footer(dataset, state),
    ]


def page_class(state: ViewState) -> str:
    return "page presenting" if state.presenting else "page"
