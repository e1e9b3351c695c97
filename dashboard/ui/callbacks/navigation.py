"""The URL is the view: render the page from it, and write every change of view back to it."""

from dash import ClientsideFunction, Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard.core.briefing import read_address
from dashboard.core.state import from_store, vocabulary
from dashboard.ui import ids
from dashboard.ui.banner import banner_children
from dashboard.ui.components.layout import page, stored_playing, view_data


def register(app, live, urls) -> None:
    # The address bar changes when the page writes a new view into it, and when the reader goes Back or Forward or
    # follows a link (the language): only the second kind is sent on, so the page's own writes ask nothing.
    app.clientside_callback(ClientsideFunction("dashboard", "urlChanged"), Output(ids.URL_SEARCH, "data"),
                            Input(ids.URL, "search"), State(ids.VIEW_STATE, "data"))

    @app.callback(Output(ids.PAGE, "children"), Output(ids.VIEW_STATE, "data"),
                  Input(ids.URL_SEARCH, "data"), State(ids.VIEW_STATE, "data"), prevent_initial_call=True)
    def render_page(search, current):
        dataset = live.dataset
        vocab = vocabulary(dataset)
        state, playing = read_address(vocab, search)
        if current is not None and from_store(vocab, current) == state and stored_playing(vocab, current) == playing:
            raise PreventUpdate  # the address only caught up with a view this page already shows
        banner = banner_children(live.reload_error, dataset.loaded_at, state.lang)
        return (page(dataset, state, urls.geojson_url, urls.topojson_url, banner, playing=playing),
                view_data(state, "url", live.reload_error, playing=playing, version=dataset.version))

    # In the browser, from the view state: the state the view callback wrote, the page's class (its "page_class"),
    # the address bar, and the selected country's outline (redrawn after the details are painted).
    app.clientside_callback(ClientsideFunction("dashboard", "adoptView"),
                            Output(ids.VIEW_STATE, "data", allow_duplicate=True), Input(ids.VIEW_UPDATE, "data"),
                            prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("dashboard", "pageClass"), Output(ids.PAGE, "className"),
                            Input(ids.VIEW_STATE, "data"))
    # One callback for both: Dash names a callback without outputs by its inputs, so a second one on the same input
    # would replace the first.
    app.clientside_callback(ClientsideFunction("dashboard", "followView"), Input(ids.VIEW_STATE, "data"))
    app.clientside_callback(ClientsideFunction("dashboard", "print"), Input(ids.PRINT_BUTTON, "n_clicks"),
                            prevent_initial_call=True)
