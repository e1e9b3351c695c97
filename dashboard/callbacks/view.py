"""A new view state updates the map (a Patch of values, never shapes), the legend counts and the details."""

from dash import Input, Output
from dash.exceptions import PreventUpdate

from dashboard import ids, model
from dashboard.components.details import details_body
from dashboard.components.header import language_href
from dashboard.components.map_panel import legend
from dashboard.figures import map_patch
from dashboard.state import from_store, vocabulary


def register(app, holder) -> None:
    @app.callback(
        Output(ids.MAP_GRAPH, "figure"), Output(ids.MAP_LEGEND, "children"), Output(ids.DETAILS_BODY, "children"),
        Output(ids.DETAILS_CLEAR, "hidden"), Output(ids.HEADER_LANG_LINK, "href"),
        Input(ids.VIEW_STATE, "data"), prevent_initial_call=True,
    )
    def show_view(data):
        if not isinstance(data, dict) or data.get("origin") != "user":
            raise PreventUpdate  # a page rendered from the URL already shows this state
        dataset = holder.current
        state = from_store(vocabulary(dataset), data)
        rows = model.filter_engagements(dataset.engagements, state.filters)
        counts = model.category_counts(model.country_summary(rows))
        return (map_patch(dataset, state), legend(counts, state.lang), details_body(dataset, state),
                state.country is None, language_href(state))
