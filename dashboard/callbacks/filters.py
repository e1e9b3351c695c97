"""Filter controls and map clicks become the next view state; the reset control restores the defaults."""

from dash import Input, Output, State, ctx

from dashboard import ids, model
from dashboard.components.layout import store_data
from dashboard.state import country_from_click, from_store, from_values, vocabulary


def register(app, holder) -> None:
    @app.callback(
        Output(ids.VIEW_STATE, "data", allow_duplicate=True),
        Input(ids.FILTER_CATEGORY, "value"), Input(ids.FILTER_PROGRAM, "value"), Input(ids.FILTER_REGION, "value"),
        Input(ids.FILTER_YEARS, "value"), Input(ids.FILTER_CONFIRMED, "value"), Input(ids.MAP_GRAPH, "clickData"),
        Input(ids.DETAILS_CLEAR, "n_clicks"), State(ids.VIEW_STATE, "data"),
        prevent_initial_call=True,
    )
    def collect_state(categories, programs, regions, years, confirmed, click, _clear, current):
        vocab = vocabulary(holder.current)
        previous = from_store(vocab, current)
        country = previous.country
        if ctx.triggered_id == ids.MAP_GRAPH:
            country = country_from_click(click) or country
        elif ctx.triggered_id == ids.DETAILS_CLEAR:
            country = None
        confirmed_only = isinstance(confirmed, list) and "yes" in confirmed
        state = from_values(vocab, previous.lang, categories if isinstance(categories, list) else None, programs,
                            regions, years, confirmed_only, country)
        return store_data(state, "user")

    @app.callback(
        Output(ids.FILTER_CATEGORY, "value"), Output(ids.FILTER_PROGRAM, "value"), Output(ids.FILTER_REGION, "value"),
        Output(ids.FILTER_YEARS, "value"), Output(ids.FILTER_CONFIRMED, "value"),
        Input(ids.FILTER_RESET, "n_clicks"), prevent_initial_call=True,
    )
    def reset_filters(_clicks):
        return list(model.CATEGORIES), [], [], list(holder.current.year_bounds), []
