"""Reset filters: every filter back to its default (the view callback then follows the controls)."""

from dash import Input, Output

from dashboard.core.schema import CATEGORIES
from dashboard.ui import ids


def register(app, live) -> None:
    @app.callback(
        Output(ids.FILTER_CATEGORY, "value"), Output(ids.FILTER_PROGRAM, "value"), Output(ids.FILTER_REGION, "value"),
        Output(ids.FILTER_YEARS, "value"), Output(ids.FILTER_CONFIRMED, "value"),
        Input(ids.FILTER_RESET, "n_clicks"), prevent_initial_call=True,
    )
    def reset_filters(_clicks):
        return list(CATEGORIES), [], [], list(live.dataset.year_bounds), []
