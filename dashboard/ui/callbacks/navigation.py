"""The URL is the view: render the page from it, and write every change of view back to it."""

from dash import ClientsideFunction, Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard.core.state import from_store, parse_query, store_data, vocabulary
from dashboard.ui import ids
from dashboard.ui.components.layout import page, page_class


def register(app, live) -> None:
    @app.callback(Output(ids.PAGE, "children"), Output(ids.PAGE, "className"), Output(ids.VIEW_STATE, "data"),
                  Input(ids.URL, "search"), State(ids.VIEW_STATE, "data"))
    def render_page(search, current):
        dataset = live.dataset
        vocab = vocabulary(dataset)
        state = parse_query(vocab, search)
        if current is not None and from_store(vocab, current) == state:
            raise PreventUpdate  # the URL only caught up with a change this page already shows
        return (page(dataset, state, live.geojson_url, live.topojson_url), page_class(state),
                store_data(state, "url"))

    app.clientside_callback(ClientsideFunction("dashboard", "syncUrl"), Input(ids.VIEW_STATE, "data"))
    app.clientside_callback(ClientsideFunction("dashboard", "print"), Input(ids.PRINT_BUTTON, "n_clicks"),
                            prevent_initial_call=True)
